#include "OrderBook.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "Decimal.h"

namespace acceptor {

const char* describe(OrderStatus status) {
    switch (status) {
        case OrderStatus::New: return "new";
        case OrderStatus::PartiallyFilled: return "partial";
        case OrderStatus::Filled: return "filled";
        case OrderStatus::Canceled: return "canceled";
        case OrderStatus::Rejected: return "rejected";
    }
    return "?";
}

const char* describe(Side side) { return side == Side::Buy ? "buy" : "sell"; }

const char* describe(OrderType type) { return type == OrderType::Market ? "market" : "limit"; }

OrderBook::OrderBook(std::string path, long long cashMicros, long long feePerShareMicros)
    : path_(std::move(path)), cashMicros_(cashMicros), feePerShareMicros_(feePerShareMicros) {}

Order& OrderBook::add(Order order) {
    order.orderId = nextId("O");
    remember(order.clOrdId);
    orders_.push_back(std::move(order));
    return orders_.back();
}

Order* OrderBook::find(const std::string& clOrdId) {
    for (Order& order : orders_) {
        if (order.clOrdId == clOrdId) return &order;
    }
    return nullptr;
}

std::vector<Order*> OrderBook::openOrders() {
    std::vector<Order*> open;
    for (Order& order : orders_) {
        if (order.isOpen()) open.push_back(&order);
    }
    return open;
}

std::string OrderBook::nextId(const std::string& prefix) { return prefix + std::to_string(++idCounter_); }

Fill OrderBook::fill(Order& order, long long quantity, long long priceMicros) {
    // Both products first: one that overflows throws before the order changes.
    Fill fill;
    fill.quantity = quantity;
    fill.priceMicros = priceMicros;
    fill.commissionMicros = notionalMicros(quantity, feePerShareMicros_);
    const long long notional = notionalMicros(quantity, priceMicros);
    order.cumQuantity += quantity;
    order.filledNotionalMicros += notional;
    order.status = order.cumQuantity == order.quantity ? OrderStatus::Filled : OrderStatus::PartiallyFilled;
    feesPaidMicros_ += fill.commissionMicros;
    return fill;
}

std::map<std::string, long long> OrderBook::positions() const {
    std::map<std::string, long long> positions;
    for (const Order& order : orders_) {
        if (order.cumQuantity == 0) continue;
        positions[order.symbol] += order.side == Side::Buy ? order.cumQuantity : -order.cumQuantity;
    }
    for (auto entry = positions.begin(); entry != positions.end();) {
        entry = entry->second == 0 ? positions.erase(entry) : std::next(entry);
    }
    return positions;
}

long long OrderBook::cashOutstandingMicros() const {
    long long cash = cashMicros_ - feesPaidMicros_;
    for (const Order& order : orders_) {
        cash += order.side == Side::Buy ? -order.filledNotionalMicros : order.filledNotionalMicros;
    }
    return cash;
}

// The file: tab-separated lines, since ClOrdIDs and symbols may hold spaces.
//   ids <counter>            fees <micros>            seen <clordid>
//   order <orderid> <clordid> <symbol> <side> <type> <qty> <limit micros> <cum> <notional micros> <status>
void OrderBook::save() const {
    const std::string temporary = path_ + ".tmp";
    {
        std::ofstream file(temporary, std::ios::trunc);
        file << "ids\t" << idCounter_ << "\nfees\t" << feesPaidMicros_ << "\n";
        for (const std::string& clOrdId : seenClOrdIds_) file << "seen\t" << clOrdId << "\n";
        for (const Order& order : orders_) {
            file << "order\t" << order.orderId << "\t" << order.clOrdId << "\t" << order.symbol << "\t"
                 << static_cast<char>(order.side) << "\t" << static_cast<char>(order.type) << "\t" << order.quantity
                 << "\t" << order.limitPriceMicros << "\t" << order.cumQuantity << "\t" << order.filledNotionalMicros
                 << "\t" << static_cast<char>(order.status) << "\n";
        }
        if (!file) throw std::runtime_error(temporary + ": cannot write the order book");
    }
    // Renamed into place so a kill mid-write never leaves half a book.
    if (std::rename(temporary.c_str(), path_.c_str()) != 0) {
        throw std::runtime_error(path_ + ": cannot replace the order book");
    }
}

namespace {

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, '\t')) fields.push_back(field);
    return fields;
}

long long number(const std::string& text, const std::string& where) {
    size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty()) throw std::runtime_error(where + ": '" + text + "' is not a number");
    return value;
}

/// A one-character code from `allowed` (Side, OrdType, OrdStatus as FIX spells them).
char oneOf(const std::string& text, const std::string& allowed, const std::string& where) {
    if (text.size() != 1 || allowed.find(text[0]) == std::string::npos) {
        throw std::runtime_error(where + ": '" + text + "' is not one of " + allowed);
    }
    return text[0];
}

}  // namespace

void OrderBook::load() {
    std::ifstream file(path_);
    if (!file) return;
    std::string line;
    int lineNumber = 0;
    while (std::getline(file, line)) {
        ++lineNumber;
        const std::string where = path_ + ":" + std::to_string(lineNumber);
        const std::vector<std::string> fields = splitTabs(line);
        if (fields.empty()) continue;
        if (fields[0] == "ids" && fields.size() == 2) {
            idCounter_ = number(fields[1], where);
        } else if (fields[0] == "fees" && fields.size() == 2) {
            feesPaidMicros_ = number(fields[1], where);
        } else if (fields[0] == "seen" && fields.size() == 2) {
            seenClOrdIds_.insert(fields[1]);
        } else if (fields[0] == "order" && fields.size() == 11) {
            Order order;
            order.orderId = fields[1];
            order.clOrdId = fields[2];
            order.symbol = fields[3];
            order.side = static_cast<Side>(oneOf(fields[4], "12", where));
            order.type = static_cast<OrderType>(oneOf(fields[5], "12", where));
            order.quantity = number(fields[6], where);
            order.limitPriceMicros = number(fields[7], where);
            order.cumQuantity = number(fields[8], where);
            order.filledNotionalMicros = number(fields[9], where);
            order.status = static_cast<OrderStatus>(oneOf(fields[10], "01248", where));
            orders_.push_back(order);
        } else {
            throw std::runtime_error(where + ": unexpected line '" + line + "'");
        }
    }
}

}  // namespace acceptor
