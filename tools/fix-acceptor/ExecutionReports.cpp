#include "ExecutionReports.h"

#include "Decimal.h"

namespace acceptor {

std::string fieldOr(const FIX::FieldMap& map, int tag, const std::string& fallback) {
    return map.isSetField(tag) ? map.getField(tag) : fallback;
}

void setDecimal(FIX::FieldMap& map, int tag, long long micros) { map.setField(tag, formatMicros(micros)); }

void setQuantity(FIX::FieldMap& map, int tag, long long quantity) { map.setField(tag, std::to_string(quantity)); }

FIX44::ExecutionReport orderReport(const Order& order, char execType, const std::string& execId) {
    FIX44::ExecutionReport report;
    report.set(FIX::OrderID(order.orderId));
    report.set(FIX::ClOrdID(order.clOrdId));
    report.set(FIX::ExecID(execId));
    report.set(FIX::ExecType(execType));
    report.set(FIX::OrdStatus(static_cast<char>(order.status)));
    report.set(FIX::Symbol(order.symbol));
    report.set(FIX::Side(static_cast<char>(order.side)));
    report.set(FIX::OrdType(static_cast<char>(order.type)));
    if (order.type == OrderType::Limit) setDecimal(report, FIX::FIELD::Price, order.limitPriceMicros);
    setQuantity(report, FIX::FIELD::OrderQty, order.quantity);
    setQuantity(report, FIX::FIELD::CumQty, order.cumQuantity);
    setQuantity(report, FIX::FIELD::LeavesQty, order.leavesQuantity());
    setDecimal(report, FIX::FIELD::AvgPx, order.averagePriceMicros());
    report.set(FIX::TransactTime(FIX::UtcTimeStamp(), 3));
    return report;
}

void addTrade(FIX44::ExecutionReport& report, const Fill& fill) {
    setQuantity(report, FIX::FIELD::LastQty, fill.quantity);
    setDecimal(report, FIX::FIELD::LastPx, fill.priceMicros);
    if (fill.commissionMicros > 0) {
        setDecimal(report, FIX::FIELD::Commission, fill.commissionMicros);
        report.set(FIX::CommType(FIX::CommType_ABSOLUTE));
    }
}

Order phantomOrder(const std::string& clOrdId, const std::string& symbol, Side side, long long quantity) {
    Order order;
    order.orderId = "NONE";
    order.clOrdId = clOrdId;
    order.symbol = symbol;
    order.side = side;
    order.quantity = quantity;
    order.status = OrderStatus::Rejected;
    return order;
}

}  // namespace acceptor
