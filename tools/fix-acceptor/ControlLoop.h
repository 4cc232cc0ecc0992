// The test's hand on the broker: one command per line on standard input, one "OK ..." or "ERR <reason>"
// line back for each (README.md lists them).
#pragma once

#include <quickfix/Session.h>

#include <string>

#include "BrokerApplication.h"
#include "EventOutput.h"
#include "LoopbackTransport.h"

namespace acceptor {

class ControlLoop {
public:
    ControlLoop(BrokerApplication& application, FIX::Session& session, LoopbackTransport& transport,
                EventOutput& output);

    /// Answers commands until `quit` or the end of standard input (the test went away), then logs out
    /// a logged-on initiator and returns.
    void run();

    /// The answer to one command line, without "OK"/"ERR": throws CommandError for an "ERR" answer.
    std::string answer(const std::string& line);

private:
    /// Sends a Logout to a logged-on initiator and waits (a bounded time) for the connection to end.
    void logoutBeforeExit();

    BrokerApplication& application_;
    FIX::Session& session_;
    LoopbackTransport& transport_;
    EventOutput& output_;
    bool quit_ = false;
};

}  // namespace acceptor
