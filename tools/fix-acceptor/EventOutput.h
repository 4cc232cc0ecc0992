// Standard output, shared by the control loop (OK/ERR answers) and the FIX threads (EVENT lines): one
// whole line at a time, flushed at once, because a test reads it through a pipe as it happens.
#pragma once

#include <mutex>
#include <string>

namespace acceptor {

class EventOutput {
public:
    void line(const std::string& text);
    /// "EVENT <text>".
    void event(const std::string& text) { line("EVENT " + text); }

private:
    std::mutex mutex_;
};

}  // namespace acceptor
