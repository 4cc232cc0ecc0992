import Foundation
import RunnerCore
import Testing

@testable import RunnerJournal

/// The positions strategies hold by their own rules, and why each target was wanted, survive in the journal.
@Suite struct JournalStrategyPositionTests {
    @Test func aHeldPositionIsKeptAtItsLatestAndGoneWhenItCloses() async throws {
        let folder = JournalFolder()
        defer { folder.remove() }
        let journal = try folder.open()
        let long = StrategyPosition(side: .long, size: 100, entryPrice: 101.5, entryTime: 60_000, stopLoss: 99.5,
                                    takeProfit: 104.545, trailingDistance: 1.2)
        var later = long
        later.barsHeld = 3
        later.bestPrice = 103.25
        let short = StrategyPosition(side: .short, size: 40, entryPrice: 50, entryTime: 120_000, stopLoss: 51)
        try await withWriter(journal) { journal in
            journal.record(.strategyPosition(strategy: "trend", symbol: "AAPL", position: long, at: 60_000))
            journal.record(.strategyPosition(strategy: "trend", symbol: "MSFT", position: short, at: 120_000))
            journal.record(.strategyPosition(strategy: "trend_fast", symbol: "AAPL", position: long, at: 60_000))
            journal.record(.strategyPosition(strategy: "trend", symbol: "AAPL", position: later, at: 240_000))
            journal.record(.strategyPosition(strategy: "trend_fast", symbol: "AAPL", position: nil, at: 300_000))
            var exit = TargetPosition(strategy: "trend", symbol: "MSFT", side: .flat, size: 0, confidence: 1,
                                      decisionTime: 300_000, referencePrice: 51.2)
            exit.reason = "stop_loss"
            journal.record(.signal(exit))
            try await journal.flush()
            let held = try journal.strategyPositions()
            #expect(held.map(\.strategy) == ["trend", "trend"])
            #expect(held.map(\.symbol) == ["AAPL", "MSFT"])
            #expect(held.map(\.position) == [later, short])
            #expect(try journal.signals().map(\.reason) == ["stop_loss"])
        }
    }
}
