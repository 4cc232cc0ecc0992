// The messages the broker sends about orders, built from the order book's values.
#pragma once

#include <quickfix/FieldMap.h>
#include <quickfix/fix44/ExecutionReport.h>

#include <string>

#include "OrderBook.h"

namespace acceptor {

/// A field's value, or `fallback` when the message does not carry it.
std::string fieldOr(const FIX::FieldMap& map, int tag, const std::string& fallback);

/// Sets a price or amount exactly as a decimal string (QuickFIX's double fields would go through binary).
void setDecimal(FIX::FieldMap& map, int tag, long long micros);
/// Sets a whole quantity.
void setQuantity(FIX::FieldMap& map, int tag, long long quantity);

/// An ExecutionReport with the order's whole state: 37, 11, 17, 150, 39, 55, 54, 38, 14, 151, 6, 60, and
/// 40 (44 for a limit order).
FIX44::ExecutionReport orderReport(const Order& order, char execType, const std::string& execId);

/// Adds one trade to a report: 32 LastQty, 31 LastPx, and with a fee 12 Commission and 13=3 (absolute).
void addTrade(FIX44::ExecutionReport& report, const Fill& fill);

/// An order the broker never accepted (a duplicate ClOrdID, an unknown order in a status request): its
/// OrderID is "NONE", nothing filled, status rejected.
Order phantomOrder(const std::string& clOrdId, const std::string& symbol, Side side, long long quantity);

}  // namespace acceptor
