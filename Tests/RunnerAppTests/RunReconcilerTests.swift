import Foundation
@testable import RunnerApp
import RunnerBrokerPaper
import RunnerBus
import RunnerCore
import RunnerEngine
import RunnerEvaluation
import RunnerJournal
import RunnerPipeline
import RunnerSignals
import Testing

/// Reconciliation as `runner run` wires it, on the engine of the example paper environment and its paper
/// venue: a trade made at the venue outside the runner alerts above `alert_above` and, above
/// `flatten_above`, fires the kill switch through the engine, leaving the venue flat and trading halted.
@Suite struct RunReconcilerTests {
    private struct Harness {
        let engine: TradingEngine
        let paper: PaperBroker
        let reconciler: RunReconciler
        let journal: SQLiteJournal
        let clock: ManualTimeSource
        let folder: URL
    }

    private func harness() async throws -> Harness {
        let root = try Repository.scratchCopy()
        let workspace = Workspace(root: root.path)
        let configuration = workspace.load(environment: "paper")
        let environment = try #require(configuration.environments["paper"])
        let graph = try #require(PipelineGraphBuilder(registries: workspace.registries).build(environment: "paper", from: configuration))
        let strategies = try graph.strategies.map { try CompiledStrategy($0.config, compiler: ExpressionCompiler(registry: workspace.indicators)) }
        let paths = RunPaths(root: root.path, environment: environment)
        try FileManager.default.createDirectory(atPath: paths.folder, withIntermediateDirectories: true)
        let clock = ManualTimeSource(milliseconds: 1_767_625_200_000)
        let cash = Money(1_000_000, "USD")
        let paper = try PaperBroker(settings: PaperBrokerSettings(startingCash: cash), time: clock, bookPath: paths.paperBook)
        let journal = try SQLiteJournal(path: paths.journal)
        // The writer, as the run's journal service runs it.
        Task { try await journal.run() }
        let engine = try Workspace.engine(graph, strategies: strategies, broker: paper, clock: clock, journal: journal,
                                          paths: paths, resumption: nil, startingCash: cash, inbox: CommandInbox())
        let reconciler = try RunReconciler(environment: environment, broker: paper, journal: journal, runStart: Int64.min,
                                           raise: { journal.record(.operatorAlert($0)) })
        // A price for AAPL, as the first bar gives the engine.
        await engine.handle(.bar(Bar(symbol: "AAPL", timestamp: clock.nowMilliseconds, open: 100, high: 100, low: 100,
                                     close: 100, volume: 1_000)))
        _ = paper.process(Bar(symbol: "AAPL", timestamp: clock.nowMilliseconds, open: 100, high: 100, low: 100, close: 100,
                              volume: 1_000))
        return Harness(engine: engine, paper: paper, reconciler: reconciler, journal: journal, clock: clock, folder: root)
    }

    @Test(arguments: [(Int64(10), "warning"), (Int64(100), "critical")])
    func aTradeOutsideTheRunnerAlertsAndAboveTheFlattenLimitKillsThroughTheEngine(shares: Int64, level: String) async throws {
        let h = try await harness()
        defer { try? FileManager.default.removeItem(at: h.folder) }
        try await h.reconciler.beforeFirstOrder(h.engine)
        // 10 shares at 100 is 0.1% of a million (above 0.05%); 100 shares is 1% (above 0.5%).
        try h.paper.tradeOutsideRunner(id: "outside-1", symbol: "AAPL", side: .buy, quantity: shares, price: 100,
                                       at: h.clock.nowMilliseconds)
        h.clock.advance(by: 60_000)
        await h.reconciler.between(h.engine)
        // Seen once: nothing is done before the check a second later confirms it (a fill in flight is
        // seen once, never twice).
        try await h.journal.flush()
        #expect(try h.journal.alerts().filter { $0.kind == .reconciliation }.isEmpty)
        #expect(try await h.paper.positions().isEmpty == false)
        h.clock.advance(by: 1_000)
        await h.reconciler.between(h.engine)
        try await h.journal.flush()
        let alerts = try h.journal.alerts().filter { $0.kind == .reconciliation }
        #expect(alerts.map(\.level) == [level], "\(alerts)")
        let flattened = shares == 100
        #expect(try await h.paper.positions().isEmpty == flattened)
        #expect((h.engine.gate.state.reason == .killSwitch) == flattened)
        // The outside trade was booked before the kill: the engine's book is flat like the broker's.
        if flattened { #expect(h.engine.ledger.positions.allSatisfy { $0.quantity == 0 }) }
        // Not repeated at the next check while nothing changes.
        h.clock.advance(by: 60_000)
        await h.reconciler.between(h.engine)
        try await h.journal.flush()
        let later = try h.journal.alerts().filter { $0.kind == .reconciliation }
        #expect(later.count == (flattened ? 2 : 1), "after a flatten the books agree again: said once, as info")
    }
}
