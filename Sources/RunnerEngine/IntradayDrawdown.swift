import Foundation
import RunnerCore

/// A running estimate of equity between exact valuations, so the book can be marked on every bar without
/// summing it in Decimal each time: a bar moves it by quantity x price change, a fill by its quantity x
/// (last price - fill price) - fee. When the estimate says the day's loss may have passed the limit, the
/// engine values the book exactly and asks the gate (which alone decides a halt).
struct IntradayDrawdown {
    private(set) var equity = 0.0
    private(set) var startOfDay = 0.0
    /// The daily-loss limit as a fraction; checks start a hair before it, since the estimate is in Double.
    var limit = Double.infinity
    /// Set when an exact check found no halt to make (trading resumed by hand today): quiet until the next day.
    var quietForTheDay = false

    mutating func reset(equity: Money, startOfDay: Money) {
        self.equity = NSDecimalNumber(decimal: equity.amount).doubleValue
        self.startOfDay = NSDecimalNumber(decimal: startOfDay.amount).doubleValue
        quietForTheDay = false
    }

    mutating func resynchronize(equity: Money) {
        self.equity = NSDecimalNumber(decimal: equity.amount).doubleValue
    }

    /// A position of `quantity` shares moved from one price to another; true when an exact check is due.
    mutating func move(quantity: Int64, from previous: Double, to price: Double) -> Bool {
        equity += Double(quantity) * (price - previous)
        return mayHavePassedLimit
    }

    /// A fill at `price` with the symbol last marked at `lastPrice`.
    mutating func book(signedQuantity: Int64, price: Double, fee: Double, lastPrice: Double?) {
        equity += Double(signedQuantity) * ((lastPrice ?? price) - price) - fee
    }

    var mayHavePassedLimit: Bool {
        !quietForTheDay && startOfDay > 0 && startOfDay - equity > limit * startOfDay * (1 - 1e-6)
    }
}
