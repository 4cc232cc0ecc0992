// The command line, and the QuickFIX settings file it becomes.
#pragma once

#include <string>

namespace acceptor {

/// What the acceptor does with each new order (`--mode`, or the `mode` command).
struct FillMode {
    enum class Kind { Fill, Partial, Reject, Hold };
    Kind kind = Kind::Fill;
    int parts = 1;  // Partial: how many trades the quantity is split into
};

/// Parses "fill", "partial N", "reject" or "hold" (the words after `--mode` or `mode`); throws
/// std::invalid_argument saying what is wrong.
FillMode parseFillMode(const std::string& kind, const std::string* parts);

struct AcceptorOptions {
    int port = 0;
    std::string directory;
    std::string senderCompId = "BROKER";
    std::string targetCompId = "RUNNER";
    std::string password;  // empty: any Logon is accepted
    long long defaultPriceMicros = 100000000;
    long long cashMicros = 1000000000000;
    long long feePerShareMicros = 0;
    FillMode mode;
    bool checkLatency = true;     // QuickFIX's SendingTime check (within 120 s of its clock); off: --no-latency-check
    bool heartbeatCheck = false;  // print EVENT HEARTBEAT and EVENT TEST_REQUEST for what the initiator sends
};

/// Parses argv; throws std::invalid_argument naming the option and the value at fault.
AcceptorOptions parseArguments(int argc, char** argv);

/// The usage line printed with an argument error.
extern const char* const usage;

/// Creates D, D/store and D/log, and writes D/acceptor.cfg: one FIX.4.4 acceptor session whose
/// sequence numbers live in D/store. Returns the settings file's path. Throws std::runtime_error.
std::string writeSessionSettings(const AcceptorOptions& options);

}  // namespace acceptor
