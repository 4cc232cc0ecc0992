#include "ControlLoop.h"

#include <chrono>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "Decimal.h"

namespace acceptor {

namespace {

std::vector<std::string> words(const std::string& line) {
    std::istringstream stream(line);
    std::vector<std::string> result;
    std::string word;
    while (stream >> word) result.push_back(word);
    return result;
}

void expectCount(const std::vector<std::string>& words, size_t least, size_t most, const char* usage) {
    if (words.size() < least || words.size() > most) throw CommandError(std::string("usage: ") + usage);
}

long long positivePrice(const std::string& text) {
    long long micros = 0;
    if (!parseMicros(text, micros) || micros <= 0) {
        throw CommandError("price must be a positive decimal with at most 6 places, got '" + text + "'");
    }
    return micros;
}

}  // namespace

ControlLoop::ControlLoop(BrokerApplication& application, FIX::Session& session, LoopbackTransport& transport,
                         EventOutput& output)
    : application_(application), session_(session), transport_(transport), output_(output) {}

void ControlLoop::run() {
    std::string line;
    while (!quit_ && std::getline(std::cin, line)) {
        if (words(line).empty()) continue;
        try {
            const std::string text = answer(line);
            output_.line(text.empty() ? "OK" : "OK " + text);
        } catch (const std::exception& error) {
            output_.line(std::string("ERR ") + error.what());
        }
    }
    logoutBeforeExit();
}

std::string ControlLoop::answer(const std::string& line) {
    const std::vector<std::string> command = words(line);
    const std::string& name = command[0];
    if (name == "mode") {
        expectCount(command, 2, 3, "mode fill|partial N|reject|hold");
        try {
            application_.setMode(parseFillMode(command[1], command.size() == 3 ? &command[2] : nullptr));
        } catch (const std::invalid_argument& error) {
            throw CommandError(error.what());
        }
        return command.size() == 3 ? command[1] + " " + command[2] : command[1];
    }
    if (name == "price") {
        expectCount(command, 3, 3, "price SYMBOL PX");
        const long long price = positivePrice(command[2]);
        application_.setPrice(command[1], price);
        return command[1] + "=" + formatMicros(price);
    }
    if (name == "fill") {
        expectCount(command, 3, 4, "fill CLORDID QTY [PX]");
        long long quantity = 0;
        if (!parseWholeQuantity(command[2], quantity)) {
            throw CommandError("quantity must be a whole number, got '" + command[2] + "'");
        }
        long long price = 0;
        if (command.size() == 4) price = positivePrice(command[3]);
        return application_.fillCommand(command[1], quantity, command.size() == 4 ? &price : nullptr);
    }
    if (name == "cancel") {
        expectCount(command, 2, 2, "cancel CLORDID");
        return application_.cancelCommand(command[1]);
    }
    if (name == "drop") {
        expectCount(command, 1, 1, "drop");
        if (!transport_.drop()) throw CommandError("no initiator is connected");
        return "";
    }
    if (name == "logout") {
        expectCount(command, 1, 1, "logout");
        return transport_.betweenMessages([this] {
            if (!session_.isLoggedOn()) throw CommandError("the session is not logged on");
            // QuickFIX sends the Logout (at the network thread's next turn) and waits for the answer;
            // the transport enables the session again once the connection has ended.
            session_.logout("logout requested by the test");
            transport_.wake();
            return std::string();
        });
    }
    if (name == "testrequest") {
        expectCount(command, 2, 2, "testrequest ID");
        const std::string id = command[1];
        return transport_.betweenMessages([this, id] {
            if (!session_.isLoggedOn()) throw CommandError("the session is not logged on");
            FIX::Message request;
            request.getHeader().setField(FIX::MsgType(FIX::MsgType_TestRequest));
            request.setField(FIX::TestReqID(id));
            session_.send(request);
            return std::string();
        });
    }
    if (name == "orders") {
        expectCount(command, 1, 1, "orders");
        return application_.describeOrders();
    }
    if (name == "positions") {
        expectCount(command, 1, 1, "positions");
        return application_.describePositions();
    }
    if (name == "seq") {
        expectCount(command, 1, 1, "seq");
        return transport_.betweenMessages([this] {
            return "sender=" + std::to_string(session_.getExpectedSenderNum()) +
                   " target=" + std::to_string(session_.getExpectedTargetNum());
        });
    }
    if (name == "quit") {
        expectCount(command, 1, 1, "quit");
        quit_ = true;
        return "";
    }
    throw CommandError("unknown command '" + name + "'");
}

void ControlLoop::logoutBeforeExit() {
    const std::string loggedOn = transport_.betweenMessages([this] {
        if (!session_.isLoggedOn()) return std::string();
        transport_.stayDisabled();
        session_.logout("acceptor quitting");
        transport_.wake();
        return std::string("yes");
    });
    if (loggedOn.empty()) return;
    // QuickFIX waits LogoutTimeout (2 s) for the answer before it disconnects.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (transport_.isConnected() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace acceptor
