import Foundation
import RunnerApp
import RunnerSignals
import Testing

/// `runner compute --strategy`: what a strategy sees, through the signal engine a run uses.
@Suite struct ComputeStrategyTests {
    func compute(_ strategy: String, environment: String? = nil) throws -> (CommandOutput, [String]) {
        let root = try Repository.scratchCopyWithSample()
        defer { try? FileManager.default.removeItem(at: root) }
        let collected = ComputeCommandTests.Collected()
        let output = Workspace(root: root.path).compute(
            input: root.appendingPathComponent("data/sample/AAPL.csv").path, strategy: strategy,
            environment: environment, policy: .stop
        ) { bytes in collected.bytes.append(contentsOf: bytes) }
        return (output, String(decoding: collected.bytes, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    @Test func aHeldStrategyShowsItsIndicatorsRulesTargetsAndPosition() throws {
        let (output, lines) = try compute("trend_hold_fast", environment: "paper")
        #expect(output.exitCode == .success, "\(output.standardError)")
        #expect(lines.first == "timestamp,symbol,fast_ma,slow_ma,rsi,vol,hourly_trend,enter_long,exit_long,"
            + "target,size,reason,position,entry_price")
        // The sample's 1,170 one-minute AAPL bars are 234 bars of five minutes, one row each.
        // A protective exit between two ticks is a row of its own, at the minute it went out.
        func onTheGrid(_ row: String) -> Bool { Int(row.dropFirst(14).prefix(2)).map { $0 % 5 == 0 } ?? false }
        let rows = lines.dropFirst().filter(onTheGrid)
        #expect(rows.count == 234)
        let between = lines.dropFirst().filter { !onTheGrid($0) }
        let exits = ["stop_loss", "take_profit", "trailing_stop"]
        #expect(between.allSatisfy { row in row.contains(",flat,0,") && exits.contains { row.contains($0) } }, "\(between)")
        #expect(rows.first?.hasPrefix("2026-01-05T14:30:00Z,AAPL,") == true)
        // Warming up: no target; then the parameters the environment gives (sma(close, 5)) decide.
        #expect(rows.first?.hasSuffix(",,,,0,") == true)
        let entry = try #require(lines.first { $0.contains(",long,100,enter_long,100,") })
        #expect(entry.split(separator: ",", omittingEmptySubsequences: false)[7] == "true")
        #expect(lines.contains { $0.contains(",long,100,hold,100,") })
    }

    @Test func anUnknownStrategyIsRefusedWithTheKnownOnes() throws {
        let (output, lines) = try compute("trend_hold_fast")
        #expect(output.exitCode == .configurationErrors)
        #expect(lines.isEmpty)
        #expect(output.standardError.contains("there is no strategy 'trend_hold_fast' (did you mean 'trend_hold'?)"),
                "\(output.standardError)")
    }
}
