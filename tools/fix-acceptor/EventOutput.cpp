#include "EventOutput.h"

#include <cstdio>

namespace acceptor {

void EventOutput::line(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

}  // namespace acceptor
