// The order messages the broker answers. Every handler reads all the fields it needs before it changes
// anything: a missing one throws FieldNotFound out of the typed getter, and QuickFIX rejects the message.
#include <quickfix/fix44/CollateralInquiry.h>
#include <quickfix/fix44/CollateralReport.h>
#include <quickfix/fix44/NewOrderSingle.h>
#include <quickfix/fix44/OrderCancelReject.h>
#include <quickfix/fix44/OrderCancelReplaceRequest.h>
#include <quickfix/fix44/OrderCancelRequest.h>
#include <quickfix/fix44/OrderMassCancelReport.h>
#include <quickfix/fix44/OrderMassCancelRequest.h>
#include <quickfix/fix44/OrderMassStatusRequest.h>
#include <quickfix/fix44/OrderStatusRequest.h>
#include <quickfix/fix44/PositionReport.h>
#include <quickfix/fix44/RequestForPositions.h>

#include "BrokerApplication.h"
#include "Decimal.h"
#include "ExecutionReports.h"

namespace acceptor {

namespace {

template <class Field>
std::string text(const FIX::FieldMap& message) {
    Field field;
    message.getField(field);
    return field.getString();
}

/// Presence only: the value of TransactTime and the like does not change what the broker does.
void require(const FIX::FieldMap& message, int tag) { message.getField(tag); }

Side sideOf(const FIX::FieldMap& message) {
    FIX::Side side;
    message.getField(side);
    if (side == FIX::Side_BUY) return Side::Buy;
    if (side == FIX::Side_SELL) return Side::Sell;
    throw FIX::IncorrectTagValue(FIX::FIELD::Side);
}

OrderType typeOf(const FIX::FieldMap& message) {
    FIX::OrdType type;
    message.getField(type);
    if (type == FIX::OrdType_MARKET) return OrderType::Market;
    if (type == FIX::OrdType_LIMIT) return OrderType::Limit;
    throw FIX::IncorrectTagValue(FIX::FIELD::OrdType);
}

/// A positive whole quantity: this broker trades whole shares.
long long quantityOf(const FIX::FieldMap& message, int tag) {
    long long quantity = 0;
    if (!parseWholeQuantity(message.getField(tag), quantity)) throw FIX::IncorrectDataFormat(tag);
    if (quantity <= 0) throw FIX::IncorrectTagValue(tag);
    return quantity;
}

long long priceOf(const FIX::FieldMap& message) {
    long long micros = 0;
    if (!parseMicros(message.getField(FIX::FIELD::Price), micros)) throw FIX::IncorrectDataFormat(FIX::FIELD::Price);
    if (micros <= 0) throw FIX::IncorrectTagValue(FIX::FIELD::Price);
    return micros;
}

/// The order a NewOrderSingle or a replace describes (55, 54, 38, 40 and 44 for a limit order).
Order orderFrom(const FIX::FieldMap& message) {
    Order order;
    order.symbol = text<FIX::Symbol>(message);
    order.side = sideOf(message);
    order.quantity = quantityOf(message, FIX::FIELD::OrderQty);
    order.type = typeOf(message);
    if (order.type == OrderType::Limit) order.limitPriceMicros = priceOf(message);
    return order;
}

}  // namespace

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated"

void BrokerApplication::onMessage(const FIX44::NewOrderSingle& message, const FIX::SessionID&) {
    Order order = orderFrom(message);
    order.clOrdId = text<FIX::ClOrdID>(message);
    require(message, FIX::FIELD::TransactTime);

    std::lock_guard<std::mutex> lock(mutex_);
    output_.event("NEW " + order.clOrdId + " " + describe(order.side) + " " + std::to_string(order.quantity) + " " +
                  order.symbol + " " + describe(order.type) +
                  (order.type == OrderType::Limit ? " " + formatMicros(order.limitPriceMicros) : ""));
    if (book_.hasSeen(order.clOrdId)) {
        Order duplicate = phantomOrder(order.clOrdId, order.symbol, order.side, order.quantity);
        duplicate.type = order.type;
        duplicate.limitPriceMicros = order.limitPriceMicros;
        FIX44::ExecutionReport report = orderReport(duplicate, FIX::ExecType_REJECTED, book_.nextId("E"));
        report.set(FIX::OrdRejReason(FIX::OrdRejReason_DUPLICATE_ORDER));
        report.set(FIX::Text("duplicate ClOrdID"));
        send(report);
        saveBook();
        return;
    }
    if (mode_.kind == FillMode::Kind::Reject) {
        order.status = OrderStatus::Rejected;
        Order& rejected = book_.add(order);
        FIX44::ExecutionReport report = orderReport(rejected, FIX::ExecType_REJECTED, book_.nextId("E"));
        report.set(FIX::OrdRejReason(FIX::OrdRejReason_OTHER));
        report.set(FIX::Text("rejected by test acceptor"));
        send(report);
        saveBook();
        return;
    }
    Order& accepted = book_.add(order);
    FIX44::ExecutionReport report = orderReport(accepted, FIX::ExecType_NEW, book_.nextId("E"));
    send(report);
    executeByMode(accepted);
    saveBook();
}

void BrokerApplication::onMessage(const FIX44::OrderCancelRequest& message, const FIX::SessionID&) {
    const std::string origClOrdId = text<FIX::OrigClOrdID>(message);
    const std::string clOrdId = text<FIX::ClOrdID>(message);
    require(message, FIX::FIELD::Symbol);
    sideOf(message);
    require(message, FIX::FIELD::TransactTime);

    std::lock_guard<std::mutex> lock(mutex_);
    output_.event("CANCEL_REQUEST " + origClOrdId);
    book_.remember(clOrdId);
    Order* order = book_.find(origClOrdId);
    if (order == nullptr) {
        rejectCancel(clOrdId, origClOrdId, nullptr, FIX::CxlRejResponseTo_ORDER_CANCEL_REQUEST,
                     FIX::CxlRejReason_UNKNOWN_ORDER, "unknown order");
    } else if (!order->isOpen()) {
        rejectCancel(clOrdId, origClOrdId, order, FIX::CxlRejResponseTo_ORDER_CANCEL_REQUEST,
                     FIX::CxlRejReason_TOO_LATE_TO_CANCEL,
                     std::string("too late to cancel: order is ") + describe(order->status));
    } else {
        cancelAndReport(*order, clOrdId, origClOrdId);
    }
    saveBook();
}

void BrokerApplication::onMessage(const FIX44::OrderCancelReplaceRequest& message, const FIX::SessionID&) {
    const std::string origClOrdId = text<FIX::OrigClOrdID>(message);
    const std::string clOrdId = text<FIX::ClOrdID>(message);
    const Order wanted = orderFrom(message);
    require(message, FIX::FIELD::TransactTime);

    std::lock_guard<std::mutex> lock(mutex_);
    output_.event("REPLACE_REQUEST " + origClOrdId + " " + clOrdId + " " + std::to_string(wanted.quantity));
    book_.remember(clOrdId);
    Order* order = book_.find(origClOrdId);
    if (order == nullptr) {
        rejectCancel(clOrdId, origClOrdId, nullptr, FIX::CxlRejResponseTo_ORDER_CANCEL_REPLACE_REQUEST,
                     FIX::CxlRejReason_UNKNOWN_ORDER, "unknown order");
    } else if (!order->isOpen()) {
        rejectCancel(clOrdId, origClOrdId, order, FIX::CxlRejResponseTo_ORDER_CANCEL_REPLACE_REQUEST,
                     FIX::CxlRejReason_TOO_LATE_TO_CANCEL,
                     std::string("too late to replace: order is ") + describe(order->status));
    } else if (wanted.quantity < order->cumQuantity) {
        rejectCancel(clOrdId, origClOrdId, order, FIX::CxlRejResponseTo_ORDER_CANCEL_REPLACE_REQUEST,
                     FIX::CxlRejReason_OTHER,
                     "new quantity " + std::to_string(wanted.quantity) + " is below the filled " +
                         std::to_string(order->cumQuantity));
    } else {
        order->quantity = wanted.quantity;
        order->type = wanted.type;
        order->limitPriceMicros = wanted.limitPriceMicros;
        order->clOrdId = clOrdId;
        // Replaced down to what is already filled, the order is done.
        order->status = order->cumQuantity == order->quantity ? OrderStatus::Filled
                        : order->cumQuantity > 0             ? OrderStatus::PartiallyFilled
                                                             : OrderStatus::New;
        FIX44::ExecutionReport report = orderReport(*order, FIX::ExecType_REPLACED, book_.nextId("E"));
        report.set(FIX::OrigClOrdID(origClOrdId));
        send(report);
    }
    saveBook();
}

void BrokerApplication::onMessage(const FIX44::OrderStatusRequest& message, const FIX::SessionID&) {
    const std::string clOrdId = text<FIX::ClOrdID>(message);
    const std::string symbol = text<FIX::Symbol>(message);
    const Side side = sideOf(message);

    std::lock_guard<std::mutex> lock(mutex_);
    output_.event("STATUS_REQUEST " + clOrdId);
    const Order* order = book_.find(clOrdId);
    if (order != nullptr) {
        FIX44::ExecutionReport report = orderReport(*order, FIX::ExecType_ORDER_STATUS, book_.nextId("E"));
        send(report);
    } else {
        FIX44::ExecutionReport report =
            orderReport(phantomOrder(clOrdId, symbol, side, 0), FIX::ExecType_ORDER_STATUS, book_.nextId("E"));
        report.set(FIX::OrdRejReason(FIX::OrdRejReason_UNKNOWN_ORDER));
        report.set(FIX::Text("unknown order"));
        send(report);
    }
    saveBook();
}

void BrokerApplication::onMessage(const FIX44::OrderMassStatusRequest& message, const FIX::SessionID&) {
    const std::string requestId = text<FIX::MassStatusReqID>(message);
    FIX::MassStatusReqType type;
    message.get(type);
    if (type != FIX::MassStatusReqType_STATUS_FOR_ALL_ORDERS) throw FIX::IncorrectTagValue(type.getField());

    std::lock_guard<std::mutex> lock(mutex_);
    output_.event("MASS_STATUS_REQUEST");
    const std::vector<Order*> open = book_.openOrders();
    if (open.empty()) {
        Order none = phantomOrder("NONE", "NONE", Side::Buy, 0);
        FIX44::ExecutionReport report = orderReport(none, FIX::ExecType_ORDER_STATUS, book_.nextId("E"));
        report.set(FIX::MassStatusReqID(requestId));
        report.set(FIX::TotNumReports(0));
        report.set(FIX::LastRptRequested(true));
        send(report);
    }
    for (size_t index = 0; index < open.size(); ++index) {
        FIX44::ExecutionReport report = orderReport(*open[index], FIX::ExecType_ORDER_STATUS, book_.nextId("E"));
        report.set(FIX::MassStatusReqID(requestId));
        report.set(FIX::TotNumReports(static_cast<int>(open.size())));
        if (index + 1 == open.size()) report.set(FIX::LastRptRequested(true));
        send(report);
    }
    saveBook();
}

void BrokerApplication::onMessage(const FIX44::OrderMassCancelRequest& message, const FIX::SessionID&) {
    const std::string clOrdId = text<FIX::ClOrdID>(message);
    FIX::MassCancelRequestType type;
    message.get(type);
    require(message, FIX::FIELD::TransactTime);

    std::lock_guard<std::mutex> lock(mutex_);
    output_.event("MASS_CANCEL_REQUEST");
    book_.remember(clOrdId);
    FIX44::OrderMassCancelReport report;
    report.set(FIX::ClOrdID(clOrdId));
    report.set(FIX::OrderID(book_.nextId("M")));
    report.set(type);
    if (type == FIX::MassCancelRequestType_CANCEL_ALL_ORDERS) {
        const std::vector<Order*> open = book_.openOrders();
        for (Order* order : open) cancelAndReport(*order, "", "");
        report.set(FIX::MassCancelResponse(FIX::MassCancelResponse_CANCEL_ALL_ORDERS));
        report.set(FIX::TotalAffectedOrders(static_cast<int>(open.size())));
    } else {
        report.set(FIX::MassCancelResponse(FIX::MassCancelResponse_CANCEL_REQUEST_REJECTED));
        report.set(FIX::MassCancelRejectReason(FIX::MassCancelRejectReason_MASS_CANCEL_NOT_SUPPORTED));
        report.set(FIX::TotalAffectedOrders(0));
    }
    send(report);
    saveBook();
}

void BrokerApplication::onMessage(const FIX44::RequestForPositions& message, const FIX::SessionID&) {
    const std::string requestId = text<FIX::PosReqID>(message);
    FIX::PosReqType type;
    message.get(type);
    if (type != FIX::PosReqType_POSITIONS) throw FIX::IncorrectTagValue(type.getField());
    const std::string account = text<FIX::Account>(message);
    const std::string accountType = text<FIX::AccountType>(message);
    const std::string businessDate = text<FIX::ClearingBusinessDate>(message);
    require(message, FIX::FIELD::TransactTime);

    std::lock_guard<std::mutex> lock(mutex_);
    output_.event("POSITIONS_REQUEST");
    const std::map<std::string, long long> positions = book_.positions();
    auto report = [&]() {
        FIX44::PositionReport report;
        report.set(FIX::PosMaintRptID(book_.nextId("P")));
        report.set(FIX::PosReqID(requestId));
        report.set(type);
        report.set(FIX::TotalNumPosReports(static_cast<int>(positions.size())));
        report.setField(FIX::FIELD::Account, account);
        report.setField(FIX::FIELD::AccountType, accountType);
        report.setField(FIX::FIELD::ClearingBusinessDate, businessDate);
        return report;
    };
    if (positions.empty()) {
        FIX44::PositionReport none = report();
        none.set(FIX::PosReqResult(FIX::PosReqResult_NO_POSITIONS_FOUND_THAT_MATCH_CRITERIA));
        send(none);
    }
    for (const auto& position : positions) {
        FIX44::PositionReport one = report();
        one.set(FIX::PosReqResult(FIX::PosReqResult_VALID_REQUEST));
        one.set(FIX::Symbol(position.first));
        // FIX 4.4 requires a settlement price; the broker's mark for the symbol serves.
        setDecimal(one, FIX::FIELD::SettlPrice, marketPrice(position.first));
        one.set(FIX::SettlPriceType(FIX::SettlPriceType_FINAL));
        setDecimal(one, FIX::FIELD::PriorSettlPrice, marketPrice(position.first));
        FIX44::PositionReport::NoPositions group;
        group.set(FIX::PosType(FIX::PosType_TRANSACTION_QUANTITY));
        setQuantity(group, FIX::FIELD::LongQty, position.second > 0 ? position.second : 0);
        setQuantity(group, FIX::FIELD::ShortQty, position.second < 0 ? -position.second : 0);
        one.addGroup(group);
        send(one);
    }
    saveBook();
}

void BrokerApplication::onMessage(const FIX44::CollateralInquiry& message, const FIX::SessionID&) {
    const std::string inquiryId = text<FIX::CollInquiryID>(message);
    // The inquiry may name no account; the report then names the initiator.
    const std::string account = fieldOr(message, FIX::FIELD::Account, options_.targetCompId);

    std::lock_guard<std::mutex> lock(mutex_);
    output_.event("COLLATERAL_INQUIRY");
    FIX44::CollateralReport report;
    report.set(FIX::CollRptID(book_.nextId("C")));
    report.set(FIX::CollInquiryID(inquiryId));
    report.set(FIX::CollStatus(FIX::CollStatus_ASSIGNED));
    report.setField(FIX::FIELD::Account, account);
    setDecimal(report, FIX::FIELD::CashOutstanding, book_.cashOutstandingMicros());
    send(report);
    saveBook();
}

#pragma GCC diagnostic pop

}  // namespace acceptor
