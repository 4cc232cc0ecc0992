#include "Settings.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "Decimal.h"

namespace acceptor {

const char* const usage =
    "usage: fix-acceptor --port P --dir D [--sender BROKER] [--target RUNNER] [--password PW] "
    "[--default-price 100] [--cash 1000000] [--fee-per-share 0] [--mode fill|partial N|reject|hold] "
    "[--heartbeat-check] [--no-latency-check]";

FillMode parseFillMode(const std::string& kind, const std::string* parts) {
    FillMode mode;
    if (kind == "fill") {
        mode.kind = FillMode::Kind::Fill;
    } else if (kind == "reject") {
        mode.kind = FillMode::Kind::Reject;
    } else if (kind == "hold") {
        mode.kind = FillMode::Kind::Hold;
    } else if (kind == "partial") {
        long long count = 0;
        if (parts == nullptr || !parseWholeQuantity(*parts, count) || count < 1 || count > 1000) {
            throw std::invalid_argument("mode partial needs a number of trades from 1 to 1000, got '" +
                                        (parts ? *parts : std::string()) + "'");
        }
        mode.kind = FillMode::Kind::Partial;
        mode.parts = static_cast<int>(count);
        return mode;
    } else {
        throw std::invalid_argument("mode must be fill, partial N, reject or hold, got '" + kind + "'");
    }
    if (parts != nullptr) throw std::invalid_argument("mode " + kind + " takes no number");
    return mode;
}

namespace {

long long decimalOption(const std::string& name, const std::string& value, bool allowNegative) {
    long long micros = 0;
    if (!parseMicros(value, micros) || (!allowNegative && micros < 0)) {
        throw std::invalid_argument(name + " needs a decimal number with at most 6 places, got '" + value + "'");
    }
    return micros;
}

void makeDirectory(const std::string& path) {
    if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
        throw std::runtime_error(path + ": cannot create the folder (" + std::strerror(errno) + ")");
    }
}

}  // namespace

AcceptorOptions parseArguments(int argc, char** argv) {
    AcceptorOptions options;
    bool havePort = false;
    for (int index = 1; index < argc; ++index) {
        const std::string name = argv[index];
        if (name == "--heartbeat-check") {
            options.heartbeatCheck = true;
            continue;
        }
        if (name == "--no-latency-check") {
            options.checkLatency = false;
            continue;
        }
        if (index + 1 >= argc) throw std::invalid_argument(name + " needs a value");
        const std::string value = argv[++index];
        if (name == "--port") {
            long long port = 0;
            if (!parseWholeQuantity(value, port) || port < 1 || port > 65535) {
                throw std::invalid_argument("--port needs a TCP port from 1 to 65535, got '" + value + "'");
            }
            options.port = static_cast<int>(port);
            havePort = true;
        } else if (name == "--dir") {
            options.directory = value;
        } else if (name == "--sender") {
            options.senderCompId = value;
        } else if (name == "--target") {
            options.targetCompId = value;
        } else if (name == "--password") {
            options.password = value;
        } else if (name == "--default-price") {
            options.defaultPriceMicros = decimalOption(name, value, false);
        } else if (name == "--cash") {
            options.cashMicros = decimalOption(name, value, true);
        } else if (name == "--fee-per-share") {
            options.feePerShareMicros = decimalOption(name, value, false);
        } else if (name == "--mode") {
            std::string parts;
            const bool partial = value == "partial" && index + 1 < argc;
            if (partial) parts = argv[++index];
            options.mode = parseFillMode(value, partial ? &parts : nullptr);
        } else {
            throw std::invalid_argument("unknown option '" + name + "'");
        }
    }
    if (!havePort) throw std::invalid_argument("--port is required");
    if (options.directory.empty()) throw std::invalid_argument("--dir is required");
    if (options.senderCompId.empty() || options.targetCompId.empty()) {
        throw std::invalid_argument("--sender and --target cannot be empty");
    }
    return options;
}

std::string writeSessionSettings(const AcceptorOptions& options) {
    makeDirectory(options.directory);
    makeDirectory(options.directory + "/store");
    makeDirectory(options.directory + "/log");
    const std::string path = options.directory + "/acceptor.cfg";
    std::ofstream file(path, std::ios::trunc);
    // StartTime = EndTime: a session that never closes (QuickFIX resets it at 00:00:00 UTC each day).
    // No Reset* flag: the sequence numbers persist in the FileStore across disconnects and restarts, so
    // a Logon that is ahead gets a ResendRequest and one that is behind gets a Logout, as QuickFIX does.
    // No data dictionary: the typed FIX44 messages throw FieldNotFound for a missing field.
    file << "[DEFAULT]\n"
         << "ConnectionType=acceptor\n"
         << "FileStorePath=" << options.directory << "/store\n"
         << "FileLogPath=" << options.directory << "/log\n"
         << "StartTime=00:00:00\n"
         << "EndTime=00:00:00\n"
         << "UseDataDictionary=N\n"
         << "ResetOnLogon=N\n"
         << "ResetOnLogout=N\n"
         << "ResetOnDisconnect=N\n"
         << "PersistMessages=Y\n"
         << "CheckLatency=" << (options.checkLatency ? "Y" : "N") << "\n"
         << "\n[SESSION]\n"
         << "BeginString=FIX.4.4\n"
         << "SenderCompID=" << options.senderCompId << "\n"
         << "TargetCompID=" << options.targetCompId << "\n";
    if (!file) throw std::runtime_error(path + ": cannot write the QuickFIX settings");
    return path;
}

}  // namespace acceptor
