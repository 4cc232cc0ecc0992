// The session callbacks and the control loop's commands; OrderMessages.cpp answers the order messages.
#include "BrokerApplication.h"

#include <quickfix/Session.h>
#include <quickfix/fix44/OrderCancelReject.h>
#include <quickfix/fix44/Reject.h>

#include <iostream>

#include "Decimal.h"
#include "ExecutionReports.h"

namespace acceptor {

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated"

BrokerApplication::BrokerApplication(const AcceptorOptions& options, OrderBook& book, EventOutput& output)
    : options_(options), book_(book), output_(output), mode_(options.mode) {}

void BrokerApplication::setMode(const FillMode& mode) {
    std::lock_guard<std::mutex> lock(mutex_);
    mode_ = mode;
}

void BrokerApplication::setPrice(const std::string& symbol, long long priceMicros) {
    std::lock_guard<std::mutex> lock(mutex_);
    pricesMicros_[symbol] = priceMicros;
}

std::string BrokerApplication::fillCommand(const std::string& clOrdId, long long quantity,
                                           const long long* priceMicros) {
    std::lock_guard<std::mutex> lock(mutex_);
    Order* order = book_.find(clOrdId);
    if (order == nullptr) throw CommandError("no order with ClOrdID " + clOrdId);
    if (!order->isOpen()) throw CommandError("order " + clOrdId + " is " + describe(order->status));
    if (quantity <= 0 || quantity > order->leavesQuantity()) {
        throw CommandError("quantity " + std::to_string(quantity) + " is not within 1.." +
                           std::to_string(order->leavesQuantity()) + " (the leaves of order " + clOrdId + ")");
    }
    const long long price = priceMicros != nullptr ? *priceMicros
                            : order->type == OrderType::Limit ? order->limitPriceMicros
                                                              : marketPrice(order->symbol);
    fillAndReport(*order, quantity, price);
    saveBook();
    return clOrdId + " " + std::to_string(order->cumQuantity) + "/" + std::to_string(order->quantity) + " " +
           describe(order->status);
}

std::string BrokerApplication::cancelCommand(const std::string& clOrdId) {
    std::lock_guard<std::mutex> lock(mutex_);
    Order* order = book_.find(clOrdId);
    if (order == nullptr) throw CommandError("no order with ClOrdID " + clOrdId);
    if (!order->isOpen()) throw CommandError("order " + clOrdId + " is " + describe(order->status));
    cancelAndReport(*order, "", "");
    saveBook();
    return clOrdId + " canceled";
}

std::string BrokerApplication::describeOrders() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string text = std::to_string(book_.orders().size());
    for (const Order& order : book_.orders()) {
        text += " " + order.clOrdId + ":" + order.symbol + ":" + describe(order.side) + ":" +
                std::to_string(order.cumQuantity) + "/" + std::to_string(order.quantity) + ":" + describe(order.status);
    }
    return text;
}

std::string BrokerApplication::describePositions() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::string text;
    for (const auto& position : book_.positions()) {
        text += (text.empty() ? "" : " ") + position.first + "=" + std::to_string(position.second);
    }
    return text;
}

void BrokerApplication::onCreate(const FIX::SessionID& sessionId) { sessionId_ = sessionId; }

void BrokerApplication::onLogon(const FIX::SessionID&) { output_.event("LOGON"); }

void BrokerApplication::onLogout(const FIX::SessionID&) { output_.event("LOGOUT"); }

namespace {

std::string messageType(const FIX::Message& message) { return message.getHeader().getField(FIX::FIELD::MsgType); }

}  // namespace

void BrokerApplication::toAdmin(FIX::Message& message, const FIX::SessionID&) {
    if (messageType(message) == FIX::MsgType_Reject) {
        output_.event("REJECT_SENT " + fieldOr(message, FIX::FIELD::RefSeqNum, "-") + " " +
                      fieldOr(message, FIX::FIELD::SessionRejectReason, "-") + " " +
                      fieldOr(message, FIX::FIELD::Text, ""));
    }
}

void BrokerApplication::toApp(FIX::Message& message, const FIX::SessionID&) throw(FIX::DoNotSend) {
    // QuickFIX answers an application message it cannot take (unknown type, missing field) with a
    // BusinessMessageReject, not a session Reject.
    const bool resent = message.getHeader().isSetField(FIX::FIELD::PossDupFlag);
    if (messageType(message) == FIX::MsgType_BusinessMessageReject && !resent) {
        output_.event("BUSINESS_REJECT_SENT " + fieldOr(message, FIX::FIELD::RefSeqNum, "-") + " " +
                      fieldOr(message, FIX::FIELD::BusinessRejectReason, "-") + " " +
                      fieldOr(message, FIX::FIELD::Text, ""));
    }
}

void BrokerApplication::fromAdmin(const FIX::Message& message, const FIX::SessionID&) throw(
    FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) {
    const std::string type = messageType(message);
    if (type == FIX::MsgType_Logon) {
        if (!options_.password.empty() && fieldOr(message, FIX::FIELD::Password, "") != options_.password) {
            output_.event("LOGON_REFUSED");
            // QuickFIX answers with a Logout carrying this text, then disconnects.
            throw FIX::RejectLogon("invalid password");
        }
    } else if (type == FIX::MsgType_ResendRequest) {
        output_.event("RESEND_REQUEST " + fieldOr(message, FIX::FIELD::BeginSeqNo, "-") + " " +
                      fieldOr(message, FIX::FIELD::EndSeqNo, "-"));
    } else if (type == FIX::MsgType_SequenceReset) {
        output_.event("SEQUENCE_RESET " + fieldOr(message, FIX::FIELD::NewSeqNo, "-") + " " +
                      fieldOr(message, FIX::FIELD::GapFillFlag, "N"));
    } else if (options_.heartbeatCheck && type == FIX::MsgType_Heartbeat) {
        output_.event("HEARTBEAT " + fieldOr(message, FIX::FIELD::TestReqID, "-"));
    } else if (options_.heartbeatCheck && type == FIX::MsgType_TestRequest) {
        output_.event("TEST_REQUEST " + fieldOr(message, FIX::FIELD::TestReqID, "-"));
    }
}

void BrokerApplication::fromApp(const FIX::Message& message, const FIX::SessionID& sessionId) throw(
    FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) {
    // A missing field gets a session Reject (QuickFIX itself would send a BusinessMessageReject for an
    // application message); three more exceptions go back to QuickFIX, which rejects the message; anything
    // else must not escape (the exception specification would end the process), so it goes to stderr.
    try {
        crack(message, sessionId);
    } catch (const FIX::FieldNotFound& missing) {
        rejectMissingField(message, missing.field);
    } catch (const FIX::IncorrectDataFormat&) {
        throw;
    } catch (const FIX::IncorrectTagValue&) {
        throw;
    } catch (const FIX::UnsupportedMessageType&) {
        throw;
    } catch (const std::exception& error) {
        std::cerr << "fix-acceptor: " << error.what() << " while handling " << message.toString() << std::endl;
    }
}

void BrokerApplication::rejectMissingField(const FIX::Message& message, int tag) {
    FIX44::Reject reject;
    reject.set(FIX::RefSeqNum(FIX::IntConvertor::convert(message.getHeader().getField(FIX::FIELD::MsgSeqNum))));
    reject.set(FIX::RefTagID(tag));
    reject.set(FIX::RefMsgType(messageType(message)));
    reject.set(FIX::SessionRejectReason(FIX::SessionRejectReason_REQUIRED_TAG_MISSING));
    reject.set(FIX::Text("Required tag missing"));
    send(reject);
}

void BrokerApplication::send(FIX::Message& message) { FIX::Session::sendToTarget(message, sessionId_); }

void BrokerApplication::fillAndReport(Order& order, long long quantity, long long priceMicros) {
    const Fill fill = book_.fill(order, quantity, priceMicros);
    FIX44::ExecutionReport report = orderReport(order, FIX::ExecType_TRADE, book_.nextId("E"));
    addTrade(report, fill);
    send(report);
}

void BrokerApplication::cancelAndReport(Order& order, const std::string& newClOrdId, const std::string& origClOrdId) {
    order.status = OrderStatus::Canceled;
    if (!newClOrdId.empty()) {
        order.clOrdId = newClOrdId;
        book_.remember(newClOrdId);
    }
    FIX44::ExecutionReport report = orderReport(order, FIX::ExecType_CANCELED, book_.nextId("E"));
    if (!origClOrdId.empty()) report.set(FIX::OrigClOrdID(origClOrdId));
    send(report);
}

void BrokerApplication::rejectCancel(const std::string& clOrdId, const std::string& origClOrdId, const Order* order,
                                     char responseTo, int reason, const std::string& text) {
    FIX44::OrderCancelReject reject;
    reject.set(FIX::OrderID(order != nullptr ? order->orderId : "NONE"));
    reject.set(FIX::ClOrdID(clOrdId));
    reject.set(FIX::OrigClOrdID(origClOrdId));
    reject.set(FIX::OrdStatus(order != nullptr ? static_cast<char>(order->status) : FIX::OrdStatus_REJECTED));
    reject.set(FIX::CxlRejResponseTo(responseTo));
    reject.set(FIX::CxlRejReason(reason));
    reject.set(FIX::Text(text));
    send(reject);
}

long long BrokerApplication::marketPrice(const std::string& symbol) const {
    const auto price = pricesMicros_.find(symbol);
    return price != pricesMicros_.end() ? price->second : options_.defaultPriceMicros;
}

void BrokerApplication::executeByMode(Order& order) {
    const long long price = order.type == OrderType::Limit ? order.limitPriceMicros : marketPrice(order.symbol);
    switch (mode_.kind) {
        case FillMode::Kind::Fill:
            fillAndReport(order, order.leavesQuantity(), price);
            break;
        case FillMode::Kind::Partial: {
            // As even as whole shares allow: the first (quantity mod N) trades take one more; a quantity
            // smaller than N gives fewer trades, never an empty one.
            const long long parts = mode_.parts;
            const long long base = order.quantity / parts;
            const long long larger = order.quantity % parts;
            for (long long part = 0; part < parts; ++part) {
                const long long quantity = base + (part < larger ? 1 : 0);
                if (quantity > 0) fillAndReport(order, quantity, price);
            }
            break;
        }
        case FillMode::Kind::Reject:  // handled before the order is accepted
        case FillMode::Kind::Hold:
            break;
    }
}

void BrokerApplication::saveBook() { book_.save(); }

#pragma GCC diagnostic pop

}  // namespace acceptor
