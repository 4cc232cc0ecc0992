import Foundation
import RunnerConfig
import RunnerDiagnostics
import Testing

/// Every number a config file supplies has a range enforced when the file loads: values that cannot
/// mean anything (a zero limit), that would trap or exhaust memory later (a look-back of 1e11, a rate of
/// 1e15 a minute), and those written in the wrong currency or with a YAML tag are errors at their key.
@Suite struct NumberRangeTests {
    /// One edit of the base fixture and a piece of the diagnostic it must produce (nil: it must load cleanly).
    struct Edit: Sendable, CustomTestStringConvertible {
        var file: String
        var old: String
        var new: String
        var expected: String?
        var testDescription: String { "\(file): \(new)" }

        init(_ file: String, _ old: String, _ new: String, _ expected: String?) {
            self.file = file
            self.old = old
            self.new = new
            self.expected = expected
        }
    }

    static func diagnostics(_ edit: Edit) throws -> [String] {
        var files = FixtureConfig.baseFiles()
        let text = String(decoding: try #require(files[edit.file]), as: UTF8.self)
        try #require(text.contains(edit.old), "\(edit.old) is not in \(edit.file)")
        files[edit.file] = Array(text.replacingOccurrences(of: edit.old, with: edit.new).utf8)
        return FixtureConfig.load(files).diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    static let limits = "limits/paper.yaml"
    static let environment = "environments/paper.yaml"
    static let strategy = "strategies/trend.yaml"
    static let order = "order: {max_notional: 250000 USD, max_per_minute: 120}"
    static let sizing = "model: volatility_target\n  risk_per_position: 0.5%\n  stop: 2 * vol"

    static let meaningless: [Edit] = [
        Edit(limits, "position_risk: 1%", "position_risk: 0%", "'position_risk' must be above 0%"),
        Edit(limits, "position_risk: 1%", "position_risk: 0.0", "'position_risk' must be above 0%"),
        Edit(limits, "daily_loss_halt: 3%", "daily_loss_halt: 0%", "'daily_loss_halt' must be above 0%"),
        Edit(limits, "gross_exposure: 100%", "gross_exposure: 0%", "'gross_exposure' must be above 0%"),
        Edit(limits, "correlation_budget: 6%", "correlation_budget: 0 %", "'correlation_budget' must be above 0%"),
        Edit(limits, order, "order: {max_notional: 0 USD, max_per_minute: 120}", "'order.max_notional' must be above 0 USD"),
        Edit(limits, order, "order: {max_notional: 0.00 USD, max_per_minute: 120}", "'order.max_notional' must be above 0 USD"),
        Edit(limits, order, "order: {max_notional: 250000 USD, max_per_minute: 120, price_band: 0%}",
             "'order.price_band' must be above 0%"),
        Edit(limits, "restricted: []", "restricted: []\ndefault_stop: 0%", "'default_stop' must be above 0%"),
        Edit(environment, "starting_equity: 1000000 USD", "starting_equity: 0 USD",
             "'account.starting_equity' must be above 0 USD"),
        Edit(environment, "max_participation: 10%", "max_participation: 0%", "'broker.max_participation' must be above 0%"),
        Edit(environment, "child_interval: 30s", "child_interval: 30s\n  participation: 0%",
             "'routing.participation' must be above 0%"),
        Edit(strategy, sizing, "model: fixed_notional\n  notional: 0 USD", "'sizing.notional' must be above 0 USD"),
        Edit(strategy, "risk_per_position: 0.5%", "risk_per_position: 0%", "'sizing.risk_per_position' must be above 0%"),
    ]

    static let outOfRange: [Edit] = [
        Edit(limits, "correlation_lookback: 390", "correlation_lookback: 99999999999",
             "'correlation_lookback' must be from 2 to 100,000, got 99,999,999,999"),
        Edit(limits, "correlation_lookback: 390", "correlation_lookback: 100000000",
             "'correlation_lookback' must be from 2 to 100,000, got 100,000,000"),
        Edit(limits, "correlation_lookback: 390", "correlation_lookback: 100_001", "got 100,001"),
        Edit(limits, "correlation_lookback: 390", "correlation_lookback: 99999999999999999999999",
             "'99999999999999999999999' is not a whole number"),
        Edit(limits, order, "order: {max_notional: 250000 USD, max_per_minute: 1000000000000000}",
             "'order.max_per_minute' must be from 1 to 100,000, got 1,000,000,000,000,000"),
        Edit(limits, order, "order: {max_notional: 250000 USD, max_per_minute: 100001}", "got 100,001"),
        Edit(limits, order, "order: {max_notional: \(String(repeating: "9", count: 39)) USD, max_per_minute: 120}",
             "above the largest amount a config takes, 1,000,000,000,000 USD"),
        Edit(limits, order, "order: {max_notional: 1000000000000.01 USD, max_per_minute: 120}", "above the largest amount"),
        Edit(strategy, sizing, "model: fixed_notional\n  notional: 100000000000000000000000000000000000000 USD",
             "'sizing.notional' is 100000000000000000000000000000000000000 USD, above the largest amount"),
        Edit(strategy, sizing, "model: fixed_quantity\n  quantity: 2000000000",
             "'sizing.quantity' must be from 1 to 1,000,000,000, got 2,000,000,000"),
        Edit(environment, "slippage: 2bps", "slippage: 20000bps", "'broker.slippage' is 20000bps, above the largest"),
        Edit(environment, "child_interval: 30s", "child_interval: 30s\n  vwap_sessions: 251",
             "'routing.vwap_sessions' must be from 1 to 250, got 251"),
        Edit(environment, "horizon: 10m", "horizon: 2d", "'routing.horizon' is 2d, longer than 1d"),
        Edit(environment, "child_interval: 30s", "child_interval: 1ms", "'routing.child_interval' is 1ms, shorter than 1s"),
        Edit(environment, "child_interval: 30s", "child_interval: 0.5s", "'routing.child_interval' is 500ms, shorter than 1s"),
        Edit(environment, "speed: max", "speed: 1e-300x", "multiple of real time from 0.001x to 1000000x"),
        Edit(environment, "speed: max", "speed: 10000000x", "multiple of real time from 0.001x to 1000000x"),
        Edit(environment, "heartbeat: 5s", "heartbeat: 36501d", "longer than any setting needs (100 years at most)"),
        Edit(strategy, "ema(close, 12)", "ema(close, 1e5)", "the period of 'ema' must be an integer literal >= 1, got '100000.0'"),
        Edit(strategy, "ema(close, 12)", "ema(close, 12.0)", "the period of 'ema' must be an integer literal >= 1, got '12.0'"),
        Edit(strategy, "fast > slow", "fast[1e3] > slow", "look-back index must be a non-negative integer literal"),
    ]

    static let bounds: [Edit] = [
        Edit(limits, "correlation_lookback: 390", "correlation_lookback: 100000", nil),
        Edit(limits, "correlation_lookback: 390", "correlation_lookback: 2", nil),
        Edit(limits, order, "order: {max_notional: 1000000000000 USD, max_per_minute: 100000}", nil),
        Edit(limits, order, "order: {max_notional: 0.01 USD, max_per_minute: 1}", nil),
        Edit(limits, "technology: 40%", "technology: 0%", nil),
        Edit(environment, "slippage: 2bps", "slippage: 10000bps", nil),
        Edit(environment, "horizon: 10m", "horizon: 1d", nil),
        Edit(environment, "speed: max", "speed: 1000000x", nil),
        Edit(environment, "speed: max", "speed: 0.001x", nil),
        Edit(environment, "child_interval: 30s", "child_interval: 1s", nil),
        Edit(strategy, sizing, "model: fixed_quantity\n  quantity: 1000000000", nil),
        Edit(strategy, "ema(close, 12)", "ema(close, 100000)", nil),
    ]

    static let currencies: [Edit] = [
        Edit(strategy, sizing, "model: fixed_notional\n  notional: 50000 EUR",
             "'sizing.notional' is in EUR, but environment 'paper' runs this strategy with an account in USD"),
        Edit(strategy, sizing, "model: fixed_notional\n  notional: 1 GBP", "'sizing.notional' is in GBP"),
        Edit(strategy, sizing, "model: fixed_notional\n  notional: 50000 USD", nil),
    ]

    static let tags: [Edit] = [
        Edit(limits, "position_risk: 1%", "position_risk: !!python/object:os.system 1%",
             "the YAML tag '!!python/object:os.system' is not allowed"),
        Edit(limits, "position_risk: 1%", "position_risk: !!str 1%", "the YAML tag '!!str' is not allowed"),
        Edit(strategy, "universe: [AAPL, XOM]", "universe: !custom [AAPL, XOM]", "the YAML tag '!custom' is not allowed"),
        Edit(environment, "bus: memory", "bus: !!map {a: b}", "the YAML tag '!!map' is not allowed"),
    ]

    @Test(arguments: meaningless + outOfRange + bounds + currencies + tags)
    func eachValueIsCheckedAtItsKey(edit: Edit) throws {
        let errors = try Self.diagnostics(edit)
        if let expected = edit.expected {
            #expect(errors.contains { $0.contains(expected) }, "\(errors)")
            #expect(errors.allSatisfy { $0.hasPrefix(edit.file + ":") || $0.contains(": error: ") })
        } else {
            #expect(errors.isEmpty, "\(errors)")
        }
    }

    @Test(arguments: [(10_000, "10,000"), (10_001, "10,001"), (12_345, "12,345")])
    func aUniverseHoldsAtMostTenThousandSymbols(count: Int, written: String) throws {
        let symbols = (0..<count).map { "S\($0)" }.joined(separator: ", ")
        let errors = try Self.diagnostics(Edit(Self.strategy, "universe: [AAPL, XOM]", "universe: [\(symbols)]", nil))
        let refused = errors.contains { $0.contains("'universe' lists \(written) symbols; a strategy trades at most 10,000") }
        #expect(refused == (count > 10_000))
    }
}
