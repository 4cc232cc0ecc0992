#include "LoopbackTransport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <iostream>
#include <stdexcept>

namespace acceptor {

namespace {

std::string systemError(const std::string& what) { return what + ": " + std::strerror(errno); }

/// Whether a message is a Logon addressed to `session` (its header's CompIDs reversed).
bool isLogonFor(const std::string& message, FIX::Session& session) {
    if (FIX::Session::lookupSession(message, true) != &session) return false;
    FIX::Message header;
    if (!header.setStringHeader(message)) return false;
    FIX::MsgType type;
    return header.getHeader().getFieldIfSet(type) && type == FIX::MsgType_Logon;
}

}  // namespace

LoopbackTransport::LoopbackTransport(FIX::Session& session, EventOutput& output)
    : session_(session), output_(output) {}

LoopbackTransport::~LoopbackTransport() {
    stop();
    if (listener_ >= 0) close(listener_);
    for (int end : wakePipe_) {
        if (end >= 0) close(end);
    }
}

void LoopbackTransport::start(int port) {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener_ < 0) throw std::runtime_error(systemError("socket"));
    // A restarted acceptor takes the same port while the last run's connection is in TIME_WAIT.
    const int yes = 1;
    setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        throw std::runtime_error(systemError("bind 127.0.0.1:" + std::to_string(port)));
    }
    if (listen(listener_, 8) != 0) throw std::runtime_error(systemError("listen"));
    if (pipe2(wakePipe_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error(systemError("pipe"));
    thread_ = std::thread([this] { run(); });
}

void LoopbackTransport::stop() {
    if (!thread_.joinable()) return;
    stopping_ = true;
    wake();
    thread_.join();
}

bool LoopbackTransport::drop() {
    if (!isConnected()) return false;
    // Closed by the network thread, the only one that opens and closes connections.
    dropRequested_ = true;
    wake();
    return true;
}

std::string LoopbackTransport::betweenMessages(std::function<std::string()> task) {
    std::string result;
    std::exception_ptr error;
    bool done = false;
    std::unique_lock<std::mutex> lock(tasksMutex_);
    tasks_.push_back([&] {
        try {
            result = task();
        } catch (...) {
            error = std::current_exception();  // thrown again on the caller's thread
        }
        std::lock_guard<std::mutex> finished(tasksMutex_);
        done = true;
        tasksDone_.notify_all();
    });
    wake();
    tasksDone_.wait(lock, [&] { return done; });
    if (error) std::rethrow_exception(error);
    return result;
}

void LoopbackTransport::runTasks() {
    std::deque<std::function<void()>> tasks;
    {
        std::lock_guard<std::mutex> lock(tasksMutex_);
        tasks.swap(tasks_);
    }
    for (auto& task : tasks) task();
}

void LoopbackTransport::wake() {
    const char byte = 1;
    if (write(wakePipe_[1], &byte, 1) < 0 && errno != EAGAIN) {
        std::cerr << systemError("fix-acceptor: wake") << std::endl;
    }
}

bool LoopbackTransport::send(const std::string& message) {
    const int connection = connection_.load();
    if (connection < 0) return false;
    size_t sent = 0;
    while (sent < message.size()) {
        const ssize_t count = ::send(connection, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) return false;
        sent += static_cast<size_t>(count);
    }
    return true;
}

void LoopbackTransport::disconnect() {
    // Called under the session's lock (a Logout, a failed check, a heartbeat timeout, `drop`): the
    // network thread sees the socket end and closes it.
    const int connection = connection_.load();
    if (connection >= 0) shutdown(connection, SHUT_RDWR);
    closing_ = true;
}

void LoopbackTransport::run() {
    using Clock = std::chrono::steady_clock;
    Clock::time_point lastTick = Clock::now();
    while (!stopping_) {
        pollfd watched[3] = {{listener_, POLLIN, 0}, {wakePipe_[0], POLLIN, 0}, {connection_.load(), POLLIN, 0}};
        const nfds_t count = connection_.load() >= 0 ? 3 : 2;
        if (poll(watched, count, 200) < 0 && errno != EINTR) {
            std::cerr << systemError("fix-acceptor: poll") << std::endl;
            break;
        }
        bool woken = false;
        if (watched[1].revents != 0) {
            char bytes[64];
            while (read(wakePipe_[0], bytes, sizeof bytes) > 0) {
            }
            woken = true;
        }
        if (stopping_) break;
        if (dropRequested_.exchange(false) && connection_.load() >= 0) closeConnection();
        if (count == 3 && watched[2].revents != 0 && connection_.load() >= 0) readConnection();
        if ((watched[0].revents & POLLIN) != 0) acceptConnection();
        runTasks();
        // QuickFIX's acceptor lets the session check heartbeats, test requests and logout timeouts about
        // once a second; a wake-up (a `logout` or `quit`) does it at once.
        const Clock::time_point now = Clock::now();
        if (attached_ && (woken || now - lastTick >= std::chrono::seconds(1))) {
            lastTick = now;
            try {
                session_.next();
            } catch (const std::exception& error) {
                std::cerr << "fix-acceptor: " << error.what() << std::endl;
            }
        }
    }
    if (connection_.load() >= 0) closeConnection();
    runTasks();  // a caller waiting on a task when the thread stopped still gets its answer
}

void LoopbackTransport::acceptConnection() {
    const int connection = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) return;
    if (connection_.load() >= 0) {
        // One session, one connection: a second initiator is turned away, as QuickFIX does.
        close(connection);
        return;
    }
    const int yes = 1;
    setsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    // A peer that stops reading must not hang the session lock (sends happen under it) for ever.
    const timeval sendTimeout{5, 0};
    setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, sizeof sendTimeout);
    parser_ = FIX::Parser();
    attached_ = false;
    closing_ = false;
    connection_ = connection;
}

void LoopbackTransport::readConnection() {
    char buffer[16384];
    const ssize_t count = recv(connection_.load(), buffer, sizeof buffer, 0);
    if (count < 0 && errno == EINTR) return;
    if (count <= 0) {
        closeConnection();
        return;
    }
    parser_.addToStream(buffer, static_cast<size_t>(count));
    deliverMessages();
}

void LoopbackTransport::deliverMessages() {
    std::string message;
    while (!closing_) {
        try {
            if (!parser_.readFixMessage(message)) return;
        } catch (const FIX::MessageParseError&) {
            continue;  // the parser has dropped the garbage; QuickFIX's own connections do the same
        }
        if (!attached_) {
            if (!isLogonFor(message, session_)) {
                std::cerr << "fix-acceptor: closing a connection whose first message is not a Logon for "
                          << session_.getSessionID().toString() << ": " << message << std::endl;
                closeConnection();
                return;
            }
            session_.setResponder(this);
            attached_ = true;
        }
        try {
            session_.next(message, FIX::UtcTimeStamp());
        } catch (const FIX::InvalidMessage&) {
            if (!session_.isLoggedOn()) {
                closeConnection();
                return;
            }
        } catch (const std::exception& error) {
            std::cerr << "fix-acceptor: " << error.what() << std::endl;
        }
    }
}

void LoopbackTransport::closeConnection() {
    // The session lets go of this responder first (QuickFIX's onLogout if it was logged on); only then is
    // the socket closed, so no sender can be writing to a number the system may hand out again.
    if (attached_) session_.disconnect();
    attached_ = false;
    close(connection_.exchange(-1));
    output_.event("DISCONNECTED");
    // The session was disabled to send a `logout`; it takes the next Logon again.
    if (!stayDisabled_) session_.logon();
}

}  // namespace acceptor
