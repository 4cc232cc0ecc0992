// The TCP side of the acceptor: listens on 127.0.0.1 only, takes one connection at a time, cuts the
// byte stream into FIX messages and hands them to the QuickFIX session, which does everything else.
// QuickFIX 1.15.1's SocketAcceptor cannot bind to one address (it has no SocketAcceptHost), hence this.
#pragma once

#include <quickfix/Parser.h>
#include <quickfix/Responder.h>
#include <quickfix/Session.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "EventOutput.h"

namespace acceptor {

class LoopbackTransport : public FIX::Responder {
public:
    LoopbackTransport(FIX::Session& session, EventOutput& output);
    ~LoopbackTransport() override;

    /// Binds 127.0.0.1:port and starts the network thread. Throws std::runtime_error.
    void start(int port);
    /// Stops the network thread, closing any connection without a Logout.
    void stop();

    /// Whether an initiator is connected (logged on or not).
    bool isConnected() const { return connection_.load() >= 0; }
    /// Closes the connection now, without a Logout; false if there is none.
    bool drop();
    /// Lets the session act now (send a Logout it was asked for) instead of at its next second's tick.
    void wake();
    /// Runs `task` on the network thread between two messages and returns its result: what it reads of
    /// the session is then never half-way through a message (QuickFIX counts a message in only after the
    /// application has answered it, and logged on only after its Logon answer has gone out). An exception
    /// from `task` is thrown here.
    std::string betweenMessages(std::function<std::string()> task);
    /// Keeps the session disabled after the next disconnect (set before `quit` logs out).
    void stayDisabled() { stayDisabled_ = true; }

    // FIX::Responder: QuickFIX calls these under its session lock, from any thread.
    bool send(const std::string& message) override;
    void disconnect() override;

private:
    void run();
    void acceptConnection();
    void readConnection();
    /// Hands every complete message in the buffer to the session; the first must be a Logon for it.
    void deliverMessages();
    void closeConnection();
    void runTasks();

    FIX::Session& session_;
    EventOutput& output_;
    int listener_ = -1;
    int wakePipe_[2] = {-1, -1};
    // Written only by the network thread; read by QuickFIX's callers to send. Closed only after the
    // session has let go of this responder, so no other thread can be using the number any more.
    std::atomic<int> connection_{-1};
    bool attached_ = false;  // the session has this connection as its responder
    FIX::Parser parser_;
    std::atomic<bool> closing_{false};        // the session asked to disconnect: deliver nothing more
    std::atomic<bool> dropRequested_{false};  // `drop`: close without a Logout
    std::atomic<bool> stopping_{false};
    std::atomic<bool> stayDisabled_{false};
    std::thread thread_;
    std::mutex tasksMutex_;
    std::condition_variable tasksDone_;
    std::deque<std::function<void()>> tasks_;
};

}  // namespace acceptor
