import RunnerCore
import RunnerRisk

/// What a restart rebuilds from the committed journal: positions, orders that may still be working at
/// the broker, the trading state and where the replay stopped. `runner run` restores these after a crash,
/// then asks the broker about every open order by its client order id before sending anything.
public struct RecoveredState: Sendable, Hashable {
    /// The latest position per symbol.
    public var positions: [Symbol: JournaledPosition]
    /// Child orders whose latest status is not terminal, in the order first journaled: `scheduled`,
    /// `sent` and `unknown` ones included, since the entry recording their submission may have been lost.
    public var openOrders: [JournaledChildOrder]
    /// Every client order id that reached the broker, or may have (a status other than `scheduled`, or
    /// an execution): ids a restart must never reuse for a different order.
    public var sentClientOrderIDs: Set<String>
    /// The latest trading state; nil when none was journaled (the gate then starts `active`).
    public var tradingState: TradingState?
    /// The replay's high-water mark: the latest bar timestamp processed; nil when none was journaled.
    public var lastBarTimestamp: Int64?
    /// The digest of the market data read up to that mark; nil when none was journaled.
    public var dataDigest: String?
    /// Rows per table.
    public var counts: JournalCounts

    /// Signed shares still working per symbol, over the open orders (quantity minus journaled fills).
    public var workingQuantities: [Symbol: Int64] {
        openOrders.reduce(into: [:]) { working, order in
            working[order.order.symbol, default: 0] += order.workingQuantity
        }
    }
}

extension SQLiteJournal {
    /// Reads the committed journal in one consistent snapshot. Entries recorded but not committed are not
    /// seen: after a crash they are lost; in a running process, call ``flush()`` first.
    public func recover() throws -> RecoveredState {
        try read { reader in
            RecoveredState(
                positions: Dictionary(uniqueKeysWithValues: try reader.positions().map { ($0.symbol, $0) }),
                openOrders: try reader.childOrders(onlyOpen: true),
                sentClientOrderIDs: try reader.sentClientOrderIDs(),
                tradingState: try reader.tradingState(),
                lastBarTimestamp: try reader.lastBarTimestamp(),
                dataDigest: try reader.dataDigest(),
                counts: try reader.counts())
        }
    }
}
