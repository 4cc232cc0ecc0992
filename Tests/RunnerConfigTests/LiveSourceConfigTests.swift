import Foundation
import RunnerConfig
import RunnerCore
import RunnerPipeline
import Testing

/// A live market data source's grid and silence limits, the adapters' `command:` and the unknown-order
/// policy: defaults, and bad values refused at their line.
@Suite struct LiveSourceConfigTests {
    func load(marketData: String, broker: String = "{adapter: paper}", extra: String = "") -> Configuration {
        var files = ConfigDefaultsTests.minimal
        files["environments/paper.yaml"] = """
            mode: paper
            limits: limits/paper.yaml
            strategies: [trend]
            account: {id: PAPER-1, starting_equity: 1000000 USD}
            broker: \(broker)
            market_data: \(marketData)
            \(extra)
            """
        return FixtureConfig.load(files.mapValues { Array($0.utf8) })
    }

    func errors(_ configuration: Configuration) -> [String] {
        configuration.diagnostics.filter { $0.severity == .error }.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }

    @Test func aLiveSourceDefaultsItsGraceAndSilenceFromTheInterval() throws {
        let configuration = load(marketData: "{source: process, command: python3 feed.py, interval: 1m}")
        #expect(errors(configuration) == [])
        let live = try #require(configuration.environments["paper"]?.marketData.live)
        #expect(live == LiveFeedConfig(interval: .seconds(60), grace: .seconds(2), silenceAlert: .seconds(120),
                                       silenceHalt: .seconds(300)))
        #expect(configuration.environments["paper"]?.reconciliation.unknownOrders == .cancel)
        // A replayed source has none.
        #expect(load(marketData: "{source: csv, path: data/sample}").environments["paper"]?.marketData.live == nil)
    }

    @Test func inconsistentLimitsAreRefusedAtTheirKey() {
        #expect(errors(load(marketData: "{source: process, command: feed, interval: 1s, grace: 1s}"))
            == ["6:68: 'market_data.grace': the wait for a late bar must be shorter than a bar (1s)"])
        #expect(errors(load(marketData: "{source: process, command: feed, interval: 1m, silence_alert: 5m, silence_halt: 1m}"))
            == ["6:94: 'market_data.silence_halt': new risk cannot stop before the silence alert (5m)"])
        #expect(errors(load(marketData: "{source: process, command: feed, interval: 500ms}"))
            == ["6:57: 'market_data.interval': a bar must last at least 1s, got 500ms"])
        // A live source needs its grid.
        #expect(errors(load(marketData: "{source: process, command: feed}")).count == 1)
    }

    @Test func aCommandIsSplitLikeAShellWouldWithoutOne() throws {
        #expect(try CommandWords.split("python3 a.py --account \"U 123\" 'x y'").get() == ["python3", "a.py", "--account", "U 123", "x y"])
        #expect(try CommandWords.split("  prog  ").get() == ["prog"])
        #expect(try CommandWords.split("prog ''").get() == ["prog", ""])
        #expect(throws: CommandWords.SplitError.unclosedQuote("\"")) { try CommandWords.split("prog \"open").get() }
        #expect(throws: CommandWords.SplitError.empty) { try CommandWords.split("   ").get() }
        #expect(errors(load(marketData: "{source: process, command: 'prog \"x', interval: 1m}"))
            == ["6:41: 'market_data.command' a \" quote is not closed"])
    }

    @Test func restartsWithAPolicyThatNeverRestartsAreSaidToChangeNothing() {
        let configuration = load(marketData: "{source: csv, path: data/sample}",
                                 broker: "{adapter: process, command: prog, on_failure: fail, max_restarts: 5}")
        #expect(configuration.diagnostics.contains {
            $0.severity == .warning && $0.message == "'broker.max_restarts' changes nothing with 'on_failure: fail', which never restarts"
        })
    }

    @Test func theUnknownOrderPolicyIsOneOfThree() {
        let adopt = load(marketData: "{source: csv, path: data/sample}", extra: "reconciliation: {unknown_orders: adopt}")
        #expect(adopt.environments["paper"]?.reconciliation.unknownOrders == .adopt)
        // The paper broker never holds an order the run did not send: the setting is said to change nothing.
        #expect(adopt.diagnostics.map(\.description) == [
            "environments/paper.yaml:7:34: warning: 'reconciliation.unknown_orders' changes nothing with the paper broker, "
                + "which never holds an order the run did not send",
        ])
        let typo = load(marketData: "{source: csv, path: data/sample}", extra: "reconciliation: {unknown_orders: adpot}")
        #expect(errors(typo).count == 1)
        #expect(errors(typo).first?.contains("adopt") == true)
    }
}
