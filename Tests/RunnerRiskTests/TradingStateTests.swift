import Foundation
import RunnerCore
import RunnerRisk
import Testing

@Suite struct TradingStateTests {
    @Test func reductionsPassWhileHaltedAndNewRiskDoesNot() throws {
        let log = MemoryDecisionLog()
        let gate = try gate(limits(dailyLossHalt: 0.03), log: log)
        let book = portfolio(["AAPL": .init(quantity: 1000)], equity: 960_000)
        #expect(gate.evaluate(target("AAPL", 1500), portfolio: book).denial?.code == .dailyLossHalt)
        #expect(gate.state.mode == .halted)
        #expect(gate.state.reason == .dailyLoss)
        // Cutting the position or closing it passes; adding to it, opening another, or flipping does not.
        #expect(gate.evaluate(target("AAPL", 400), portfolio: book).isApproved)
        #expect(gate.evaluate(target("AAPL", 0), portfolio: book).isApproved)
        #expect(gate.evaluate(target("MSFT", 10), portfolio: book).denial?.code == .dailyLossHalt)
        #expect(gate.evaluate(target("AAPL", -10), portfolio: book).denial?.code == .dailyLossHalt)
        // Even after equity recovers, the halt holds for the day.
        #expect(gate.evaluate(target("MSFT", 10), portfolio: portfolio()).denial?.code == .dailyLossHalt)
        #expect(gate.decisionCounts == ["DAILY_LOSS_HALT": 4, "APPROVED": 2])
        #expect(log.decisions.count == 6)
    }

    @Test func aDailyLossHaltLiftsOnTheNextTradingDayOrByResume() throws {
        let time = ManualTimeSource(milliseconds: 1_767_623_400_000)  // 2026-01-05 14:30 UTC
        let gate = try gate(limits(dailyLossHalt: 0.03), time: time)
        _ = gate.evaluate(target("AAPL", 10), portfolio: portfolio(equity: 900_000))
        #expect(gate.state.mode == .halted)
        time.advance(by: 8 * 3_600_000)  // 22:30, the same day
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio()).denial?.code == .dailyLossHalt)
        time.advance(by: 2 * 3_600_000)  // 00:30 the next day
        #expect(gate.evaluate(target("AAPL", 10), portfolio: portfolio()).isApproved)
        #expect(gate.state.mode == .active)
        _ = gate.evaluate(target("AAPL", 20), portfolio: portfolio(equity: 900_000))
        try gate.resume()
        #expect(gate.evaluate(target("AAPL", 20), portfolio: portfolio()).isApproved)
    }

    @Test func theKillSwitchAndReduceOnlyModesDenyNewRisk() throws {
        let gate = try gate(limits())
        let book = portfolio(["AAPL": .init(quantity: 100)])
        try gate.halt(.killSwitch)
        #expect(gate.evaluate(target("AAPL", 200), portfolio: book).denial?.description == "TRADING_HALTED symbol=AAPL reason=kill_switch")
        #expect(gate.evaluate(target("AAPL", 0), portfolio: book).isApproved)
        try gate.reduceOnly()
        #expect(gate.evaluate(target("MSFT", 1), portfolio: book).denial?.code == .reducingOnly)
        #expect(gate.evaluate(target("AAPL", 50), portfolio: book).isApproved)
        try gate.resume()
        #expect(gate.evaluate(target("MSFT", 1), portfolio: book).isApproved)
    }

    @Test func aRestartDoesNotSilentlyResumeTrading() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("risk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("trading-state.json").path
        let first = try gate(limits(), store: FileTradingStateStore(path: path))
        #expect(first.state.mode == .active)
        try first.halt(.killSwitch)
        // A new process with the same file starts halted.
        let restarted = try gate(limits(), store: FileTradingStateStore(path: path))
        #expect(restarted.state.mode == .halted)
        #expect(restarted.state.reason == .killSwitch)
        #expect(restarted.evaluate(target("AAPL", 10), portfolio: portfolio()).denial?.code == .tradingHalted)
        try restarted.resume()
        #expect(try FileTradingStateStore(path: path).load()?.mode == .active)
    }

    @Test func workingOrdersCountAsExposure() throws {
        let gate = try gate(limits(grossExposure: 1))
        var book = portfolio()
        book.workingOrders = ["XOM": 5000]  // 250,000 on its way
        #expect(gate.evaluate(target("AAPL", 7501), portfolio: book).denial?.code == .grossExposureExceeded)
        // A target equal to what is already working is no new risk.
        #expect(gate.evaluate(target("XOM", 5000), portfolio: book).isApproved)
    }

    @Test func approvalsInOneBatchCountAgainstTheNextTargets() throws {
        let gate = try gate(limits(grossExposure: 1))
        let decisions = gate.evaluate([target("AAPL", 6000), target("MSFT", 2000), target("XOM", 100)],
                                      portfolio: portfolio())
        // 600,000 + 400,000 fills the 100% cap; the third target would exceed it.
        #expect(decisions.map(\.isApproved) == [true, true, false])
        #expect(decisions[2].denial?.code == .grossExposureExceeded)
    }
}
