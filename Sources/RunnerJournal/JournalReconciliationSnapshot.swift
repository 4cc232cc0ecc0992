import Foundation
import GRDB
import RunnerBroker
import RunnerCore

/// What a journal says the broker should hold, read for a reconciliation: positions, executions, the
/// orders that may be working, and the last price known of each symbol.
public struct JournalReconciliationSnapshot: Sendable, Hashable {
    /// The environment whose run wrote the journal.
    public var environment: String
    /// Signed quantity per symbol, as last journaled (flat symbols left out).
    public var positions: [Symbol: Int64]
    /// Every execution booked, in the order journaled.
    public var executions: [Fill]
    /// Child orders sent and not finished (`new`, `accepted`, `partially_filled`, `unknown`).
    public var workingOrders: [JournaledChildOrder]
    /// The last price of each symbol: the later of its last execution and the reference price (the close)
    /// of its last signal.
    public var lastPrices: [Symbol: Decimal]
    /// The end of the last bar time committed; nil before the first.
    public var lastBarTimestamp: Int64?
}

extension SQLiteJournal {
    /// Reads the journal at `path` read-only, in one transaction, without creating or migrating anything:
    /// safe while a run writes it (it sees the last committed batch). Throws ``JournalError/notAJournal(path:found:)``
    /// when the path holds no journal.
    public static func reconciliationSnapshot(path: String) throws -> JournalReconciliationSnapshot {
        let environment: String
        switch inspect(path: path) {
        case .journal(let run): environment = run.environment
        case .absent: throw JournalError.notAJournal(path: path, found: "nothing (no run has written a journal here)")
        case .foreign(let found): throw JournalError.notAJournal(path: path, found: found)
        }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let reader = JournalReader(db)
                let executions = try reader.executions()
                var positions: [Symbol: Int64] = [:]
                for position in try reader.positions() where position.quantity != 0 {
                    positions[position.symbol] = position.quantity
                }
                let working = try reader.childOrders(onlyOpen: true).filter { $0.status.mayBeWorking }
                return JournalReconciliationSnapshot(
                    environment: environment, positions: positions, executions: executions, workingOrders: working,
                    lastPrices: try lastPrices(db, executions: executions),
                    lastBarTimestamp: try reader.lastBarTimestamp())
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.readFailed(path: path, reason: "\(error)")
        }
    }

    /// Each symbol's last price: its latest execution or its latest signal's reference price, whichever
    /// is later (an execution wins a tie: it is a trade, the reference a close).
    private static func lastPrices(_ db: Database, executions: [Fill]) throws -> [Symbol: Decimal] {
        var latest: [Symbol: (at: Int64, price: Decimal)] = [:]
        let sql = """
            SELECT symbol, reference_price, decision_time FROM signals
            WHERE id IN (SELECT max(id) FROM signals GROUP BY symbol)
            """
        for row in try Row.fetchAll(db, sql: sql) {
            let reference: Double? = row["reference_price"]
            guard let reference, let price = Decimal(shortestRepresentationOf: reference), price > 0 else { continue }
            latest[Symbol(row["symbol"] as String)] = (row["decision_time"], price)
        }
        for fill in executions where latest[fill.symbol].map({ fill.timestamp >= $0.at }) ?? true {
            latest[fill.symbol] = (fill.timestamp, fill.price)
        }
        return latest.mapValues(\.price)
    }
}
