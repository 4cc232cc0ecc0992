// The broker's side of every order: what was asked, what was filled, and what that did to positions and
// cash. Plain data and arithmetic, no FIX: the application turns its changes into messages.
#pragma once

#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace acceptor {

/// FIX OrdStatus (39) values this broker uses.
enum class OrderStatus : char { New = '0', PartiallyFilled = '1', Filled = '2', Canceled = '4', Rejected = '8' };
/// FIX Side (54).
enum class Side : char { Buy = '1', Sell = '2' };
/// FIX OrdType (40).
enum class OrderType : char { Market = '1', Limit = '2' };

/// The lowercase word the control interface prints for each value.
const char* describe(OrderStatus status);
const char* describe(Side side);
const char* describe(OrderType type);

struct Order {
    std::string orderId;
    std::string clOrdId;  // the current one: a replace gives the order a new ClOrdID
    std::string symbol;
    Side side = Side::Buy;
    OrderType type = OrderType::Market;
    long long quantity = 0;
    long long limitPriceMicros = 0;  // only for limit orders
    long long cumQuantity = 0;
    long long filledNotionalMicros = 0;  // sum of each fill's quantity times price, for AvgPx
    OrderStatus status = OrderStatus::New;

    bool isOpen() const { return status == OrderStatus::New || status == OrderStatus::PartiallyFilled; }
    long long leavesQuantity() const { return isOpen() ? quantity - cumQuantity : 0; }
    long long averagePriceMicros() const { return cumQuantity == 0 ? 0 : filledNotionalMicros / cumQuantity; }
};

/// One execution, as reported in a Trade ExecutionReport.
struct Fill {
    long long quantity = 0;
    long long priceMicros = 0;
    long long commissionMicros = 0;
};

class OrderBook {
public:
    /// `path` is where the book is kept between runs (D/orders.txt).
    OrderBook(std::string path, long long cashMicros, long long feePerShareMicros);

    /// Reads the book a previous run saved; a missing file is an empty book. Throws std::runtime_error
    /// naming the file and line when the file is malformed.
    void load();
    /// Writes the whole book (small: a test's orders), so a restarted acceptor knows every order.
    void save() const;

    /// Whether a ClOrdID was ever used in this directory's lifetime (orders, cancels, replaces).
    bool hasSeen(const std::string& clOrdId) const { return seenClOrdIds_.count(clOrdId) != 0; }
    void remember(const std::string& clOrdId) { seenClOrdIds_.insert(clOrdId); }

    /// Adds an order, giving it a new OrderID; the reference stays valid for the book's lifetime.
    Order& add(Order order);
    /// The order whose current ClOrdID is `clOrdId`, or null.
    Order* find(const std::string& clOrdId);
    std::vector<Order*> openOrders();
    const std::deque<Order>& orders() const { return orders_; }

    /// A new id, unique in this directory: "<prefix><n>" (ExecID, OrderID, report ids).
    std::string nextId(const std::string& prefix);

    /// Executes `quantity` more of an open order at `priceMicros`: cumulative quantity, status, fees,
    /// positions and cash follow. The caller checks 0 < quantity <= leaves.
    Fill fill(Order& order, long long quantity, long long priceMicros);

    /// Signed position per symbol (buys positive), from every fill; symbols at zero left out.
    std::map<std::string, long long> positions() const;
    /// Starting cash, less what buys cost, plus what sells brought, less fees.
    long long cashOutstandingMicros() const;

private:
    std::string path_;
    long long cashMicros_;
    long long feePerShareMicros_;
    long long feesPaidMicros_ = 0;
    long long idCounter_ = 0;
    std::deque<Order> orders_;
    std::set<std::string> seenClOrdIds_;
};

}  // namespace acceptor
