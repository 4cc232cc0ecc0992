import Foundation
import RunnerBroker
import RunnerCore
import RunnerJournal
import RunnerRisk
import RunnerRouting

/// The exact decimal `text` writes (a `Decimal` float literal would be the binary neighbour of its digits).
func decimal(_ text: String) -> Decimal {
    Decimal(string: text)!
}

/// A journal file in its own fresh folder (nested, so the journal has to create the parent folders).
struct JournalFolder {
    let root: URL
    let path: String

    init() {
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "runner-journal-\(UUID().uuidString)")
        path = root.appendingPathComponent("state/journal.sqlite").path
    }

    /// A batch interval no test waits for: only a full batch, `flush` or `close` commits.
    static let manual = SQLiteJournal.Configuration(batchSize: 1_000, maximumDelay: .seconds(3_600), capacity: 100_000)

    func open(_ configuration: SQLiteJournal.Configuration = manual) throws -> SQLiteJournal {
        try SQLiteJournal(path: path, configuration: configuration)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Runs `body` while the journal's writer runs in a child task, then closes the journal (the writer
/// commits what is left and returns).
func withWriter<Result>(_ journal: SQLiteJournal, _ body: (SQLiteJournal) async throws -> Result) async throws
    -> Result
{
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await journal.run() }
        do {
            let result = try await body(journal)
            try await journal.close()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}

/// Values of every type the journal takes, made the way the pipeline makes them.
enum Sample {
    static let target = TargetPosition(
        strategy: "ma_cross", symbol: "AAPL", side: .long, size: 100, confidence: 0.75,
        decisionTime: 60_000, referencePrice: 187.25, stopDistance: 2.5)

    static let limits = RiskLimits(
        positionRisk: 0.01, grossExposure: 1, defaultSectorNetExposure: 1, sectorNetExposure: [:],
        sectors: ["AAPL": "technology"], dailyLossHalt: 0.03, correlationBudget: 1, restricted: [],
        maxOrderNotional: 1e12, maxOrdersPerMinute: 1_000_000, priceBand: 0.5, defaultStop: 0.01)

    /// The gate's answer for `target` with a 1,000,000 account and AAPL at 187.25.
    static func decision(_ target: TargetPosition = target) throws -> RiskDecision {
        let gate = try RiskGate(
            limits: limits, time: ManualTimeSource(milliseconds: 60_000), session: .utcDay,
            store: MemoryTradingStateStore())
        let book = PortfolioView(lastPrices: ["AAPL": 187.25], equity: 1_000_000, startOfDayEquity: 1_000_000)
        return gate.evaluate(target, portfolio: book)
    }

    /// A denial: 10,000 shares with a 2.5 stop risk 2.5% of the account against a 1% limit.
    static func denial() throws -> RiskDecision {
        var big = target
        big.size = 10_000
        return try decision(big)
    }

    /// A TWAP parent of 20 children for 2,000 shares of AAPL.
    static func parent() throws -> ParentOrder {
        var wanted = target
        wanted.size = 2_000
        guard case .approved(let approved) = try decision(wanted) else { throw JournalTestError.notApproved }
        let rules = RoutingRules(
            sliceShare: 0.05, window: 60_000, algorithm: .twap, horizon: 600_000,
            childInterval: 30_000, participation: 0.1, defaultVenue: "primary")
        let router = OrderRouter(environment: "paper", rules: rules, time: ManualTimeSource(milliseconds: 60_000))
        guard
            let parent = router.route(
                approved, position: 0, working: 0,
                market: MarketContext(volumePerMinute: 10_000, price: 187.25))
        else { throw JournalTestError.notApproved }
        return parent
    }

    static func child(_ id: String, symbol: Symbol = "AAPL", side: OrderSide = .buy, quantity: Int64 = 100)
        -> ChildOrder
    {
        ChildOrder(
            clientOrderID: id, parentID: "parent-\(id)", strategy: "ma_cross", symbol: symbol, side: side,
            quantity: quantity, venue: "primary", releaseAt: 60_000, sliceIndex: 0)
    }

    static func fill(
        _ executionID: String, order: String, symbol: Symbol = "AAPL", side: OrderSide = .buy,
        quantity: Int64 = 100, price: Decimal = decimal("187.31"), fee: Decimal = decimal("0.35")
    ) -> Fill {
        Fill(
            executionID: executionID, clientOrderID: order, symbol: symbol, side: side, quantity: quantity,
            price: price, fee: fee, timestamp: 61_000)
    }

    static let halted = TradingState(mode: .halted, reason: .killSwitch, since: 90_000_000, tradingDay: 1)
}

enum JournalTestError: Error {
    case notApproved
}
