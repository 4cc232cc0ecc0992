import Foundation
import RunnerBroker
import RunnerCore

/// The strategy runner's books: cash, positions, realized and unrealized PnL, fees and equity, kept from
/// fills and marked prices. A value type: the run loop owns it and mutates it in place.
///
/// Cash is `Decimal`. Fills carry exact decimal prices and fees, booked as they are; marked prices, which
/// arrive as `Double`, are read as the decimal they print as (`100.1` is exactly 100.1). Every cash movement
/// is rounded to cents, half away from zero: a fill moves
/// `quantity × price` rounded to cents (out for a buy, in for a sell), and its fee rounded to cents (out; a
/// negative fee is a rebate). Realized PnL is earned on the part of a fill that reduces a position, against its
/// average cost; on a flip through zero the rest opens a new position at the fill price. Realized PnL is gross:
/// fees are kept apart, in ``fees``. Positions are valued at the last mark, or at the last fill price of a
/// symbol never marked, and each position's market value is rounded to cents.
///
/// Invariants, exact (every amount the ledger keeps is a whole number of cents):
/// - `equity == startingCash + realizedPnL + unrealizedPnL - fees`, to the cent, after any sequence of fills
///   and marks;
/// - `cash == startingCash + realizedPnL - fees - Σ costBasis` over all positions;
/// - a flat position has cost basis zero and no average cost;
/// - booking a fill whose execution id was booked before (on this trading day or the one before) changes
///   nothing, and so does a rejected fill.
///
/// Trading days are those of the exchange's ``TradingSession``: a day starts at midnight in its time zone.
///
/// Execution ids are remembered for two trading days: a broker repeats a report within its session, and a
/// ledger that kept every id would grow without end over a long run. A fill older than that is recognised
/// by the journal, which keeps each execution id once.
public struct Ledger: Sendable, Equatable {
    /// The cash the ledger started with; its currency is the ledger's.
    public let startingCash: Money
    /// Cash in cents, in the ledger's currency.
    private(set) var cashAmount: Decimal
    /// Every symbol ever filled or marked, flat ones included (they keep their realized PnL and fees).
    private var entries: [Symbol: Position] = [:]
    /// Execution ids booked on the current trading day, and on the one before.
    private var bookedExecutionIDs: Set<String> = []
    private var previousDayExecutionIDs: Set<String> = []
    /// How many distinct executions have been booked.
    public private(set) var bookedFillCount = 0
    /// Equity when the current trading day started (``startDay(at:)``); the starting cash before that.
    public private(set) var startOfDayEquity: Money
    /// The trading day ``startDay(at:)`` last started; nil before the first.
    public private(set) var tradingDay: TradingDay?
    /// The exchange's session, whose local dates are the trading days.
    public let session: TradingSession

    /// A ledger holding `startingCash` and no positions, whose trading days are those of `session`. The cash
    /// is rounded to cents.
    public init(startingCash: Money, session: TradingSession) {
        let cents = startingCash.amount.roundedToCents
        self.startingCash = Money(cents, startingCash.currency)
        self.session = session
        cashAmount = cents
        startOfDayEquity = self.startingCash
    }

    /// The currency of every amount in the ledger.
    public var currency: String { startingCash.currency }

    /// Books `fill` and returns true; returns false, changing nothing, when a fill with the same execution id
    /// was booked before or the fill is malformed (``record(_:)`` tells which).
    @discardableResult
    public mutating func book(_ fill: Fill) -> Bool {
        record(fill) == .booked
    }

    /// Books `fill` unless its execution id was booked before or it is malformed, and says which happened.
    public mutating func record(_ fill: Fill) -> BookingOutcome {
        guard !fill.executionID.isEmpty else {
            return .rejected(.missingExecutionID(clientOrderID: fill.clientOrderID))
        }
        guard !hasBooked(executionID: fill.executionID) else { return .duplicate }
        guard fill.quantity > 0 else {
            return .rejected(.nonPositiveQuantity(executionID: fill.executionID, quantity: fill.quantity))
        }
        guard !fill.price.isNaN else {
            return .rejected(.unusablePrice(executionID: fill.executionID, price: fill.price))
        }
        guard !fill.fee.isNaN else {
            return .rejected(.unusableFee(executionID: fill.executionID, fee: fill.fee))
        }
        var position = entries[fill.symbol] ?? Position(symbol: fill.symbol, currency: currency)
        guard !position.quantity.addingReportingOverflow(fill.signedQuantity).overflow else {
            return .rejected(.quantityOverflow(executionID: fill.executionID, symbol: fill.symbol))
        }
        cashAmount += position.apply(delta: fill.signedQuantity, price: fill.price, fee: fill.fee.roundedToCents)
        entries[fill.symbol] = position
        bookedExecutionIDs.insert(fill.executionID)
        bookedFillCount += 1
        return .booked
    }

    /// Whether a fill with `executionID` has been booked.
    public func hasBooked(executionID: String) -> Bool {
        bookedExecutionIDs.contains(executionID) || previousDayExecutionIDs.contains(executionID)
    }

    /// Records the last price of `symbol`, at which its position is valued from now on. Returns false, changing
    /// nothing, for a price that is NaN, infinite or beyond `Decimal`'s range.
    @discardableResult
    public mutating func mark(_ symbol: Symbol, price: Double) -> Bool {
        guard let decimal = Decimal(shortestRepresentationOf: price) else { return false }
        let empty = Position(symbol: symbol, currency: currency)
        entries[symbol, default: empty].markPrice = decimal
        return true
    }

    /// The position in `symbol`; a flat one with no history when the ledger has never seen the symbol.
    public func position(of symbol: Symbol) -> Position {
        entries[symbol] ?? Position(symbol: symbol, currency: currency)
    }

    /// The signed quantity held in `symbol`, zero when never filled: what the engine asks on every bar,
    /// answered without copying a position.
    public func quantity(of symbol: Symbol) -> Int64 { entries[symbol]?.quantity ?? 0 }

    /// The open (non-flat) positions, by symbol.
    public var positions: [Position] {
        entries.values.filter { $0.quantity != 0 }.sorted { $0.symbol < $1.symbol }
    }

    /// Calls `body` with the symbol and signed quantity of each open (non-flat) position, in no particular
    /// order: what a per-tick view of the book needs, without copying and sorting whole positions.
    public func forEachOpenQuantity(_ body: (Symbol, Int64) -> Void) {
        for position in entries.values where position.quantity != 0 { body(position.symbol, position.quantity) }
    }

    /// Every symbol the ledger has filled or marked, flat ones included, by symbol.
    public var allPositions: [Position] {
        entries.values.sorted { $0.symbol < $1.symbol }
    }

    /// Starts the trading day that contains `timestamp` (milliseconds since the epoch) and records the current
    /// equity as its start-of-day equity. Mark the prices first: the equity is valued at the last marks.
    public mutating func startDay(at timestamp: Int64) {
        let day = tradingDay(of: timestamp)
        if day != tradingDay {
            previousDayExecutionIDs = bookedExecutionIDs
            bookedExecutionIDs.removeAll(keepingCapacity: true)
        }
        tradingDay = day
        startOfDayEquity = equity
    }

    /// Starts the day of `timestamp` when it is later than the current trading day (or none was started), and
    /// says whether it did. A timestamp on the current day, or an earlier one, changes nothing.
    @discardableResult
    public mutating func startDayIfNeeded(at timestamp: Int64) -> Bool {
        let day = tradingDay(of: timestamp)
        if let tradingDay, day <= tradingDay { return false }
        startDay(at: timestamp)
        return true
    }

    /// The trading day that contains `timestamp` (milliseconds since the epoch): the session's local date.
    public func tradingDay(of timestamp: Int64) -> TradingDay {
        TradingDay(containing: timestamp, in: session)
    }

    /// Every position, flat ones included, for the valuation sums.
    var allEntries: Dictionary<Symbol, Position>.Values { entries.values }
}
