// The broker: QuickFIX's callbacks for the one session, the order messages it answers, and the
// operations the control loop asks for (fills, cancels, state). QuickFIX runs the session itself.
#pragma once

#include <quickfix/Application.h>
#include <quickfix/SessionID.h>
#include <quickfix/fix44/MessageCracker.h>

#include <map>
#include <mutex>
#include <string>

#include "EventOutput.h"
#include "OrderBook.h"
#include "Settings.h"

namespace acceptor {

/// A command the broker cannot carry out; its message becomes "ERR <message>".
struct CommandError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// QuickFIX 1.15.1 declares its callbacks with dynamic exception specifications, which an override must
// repeat; GCC calls them deprecated.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated"

class BrokerApplication : public FIX::Application, public FIX44::MessageCracker {
public:
    BrokerApplication(const AcceptorOptions& options, OrderBook& book, EventOutput& output);

    // Commands (see README.md); each returns the text after "OK" or throws CommandError.
    void setMode(const FillMode& mode);
    void setPrice(const std::string& symbol, long long priceMicros);
    std::string fillCommand(const std::string& clOrdId, long long quantity, const long long* priceMicros);
    std::string cancelCommand(const std::string& clOrdId);
    std::string describeOrders();
    std::string describePositions();

    // FIX::Application
    void onCreate(const FIX::SessionID& sessionId) override;
    void onLogon(const FIX::SessionID& sessionId) override;
    void onLogout(const FIX::SessionID& sessionId) override;
    void toAdmin(FIX::Message& message, const FIX::SessionID& sessionId) override;
    void toApp(FIX::Message& message, const FIX::SessionID& sessionId) throw(FIX::DoNotSend) override;
    void fromAdmin(const FIX::Message& message, const FIX::SessionID& sessionId) throw(
        FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) override;
    void fromApp(const FIX::Message& message, const FIX::SessionID& sessionId) throw(
        FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) override;

    // FIX44::MessageCracker: the order messages this broker answers; any other application message gets
    // QuickFIX's BusinessMessageReject (unsupported message type).
    void onMessage(const FIX44::NewOrderSingle& message, const FIX::SessionID& sessionId) override;
    void onMessage(const FIX44::OrderCancelRequest& message, const FIX::SessionID& sessionId) override;
    void onMessage(const FIX44::OrderCancelReplaceRequest& message, const FIX::SessionID& sessionId) override;
    void onMessage(const FIX44::OrderStatusRequest& message, const FIX::SessionID& sessionId) override;
    void onMessage(const FIX44::OrderMassStatusRequest& message, const FIX::SessionID& sessionId) override;
    void onMessage(const FIX44::OrderMassCancelRequest& message, const FIX::SessionID& sessionId) override;
    void onMessage(const FIX44::RequestForPositions& message, const FIX::SessionID& sessionId) override;
    void onMessage(const FIX44::CollateralInquiry& message, const FIX::SessionID& sessionId) override;

private:
    /// The session Reject (35=3, 373=1) for an application message that lacks a required field.
    void rejectMissingField(const FIX::Message& message, int tag);
    /// Sends to the initiator, or stores for a resend while it is away (QuickFIX's FileStore).
    void send(FIX::Message& message);
    /// Fills an order and reports the trade; the caller holds the lock.
    void fillAndReport(Order& order, long long quantity, long long priceMicros);
    /// The unsolicited or requested cancel of an open order; the caller holds the lock.
    void cancelAndReport(Order& order, const std::string& newClOrdId, const std::string& origClOrdId);
    /// An OrderCancelReject (35=9) for a cancel (434=1) or replace (434=2) that cannot be done.
    void rejectCancel(const std::string& clOrdId, const std::string& origClOrdId, const Order* order,
                      char responseTo, int reason, const std::string& text);
    long long marketPrice(const std::string& symbol) const;
    /// Carries out the fill mode for an order that was just accepted.
    void executeByMode(Order& order);
    void saveBook();

    const AcceptorOptions options_;
    OrderBook& book_;
    EventOutput& output_;
    FIX::SessionID sessionId_;
    // Held while a message or a command changes the book and sends what follows, so the FIX thread and
    // the control loop never interleave their reports. QuickFIX's own session lock is taken inside it
    // (when sending), never the other way round: callbacks QuickFIX makes under its lock (toApp,
    // toAdmin, onLogout) do not take this one.
    std::mutex mutex_;
    FillMode mode_;
    std::map<std::string, long long> pricesMicros_;
};

#pragma GCC diagnostic pop

}  // namespace acceptor
