import Foundation
import RunnerConfig
import RunnerCore
import Testing

/// `sizing.rebalance_band` and `sizing.min_order`: optional, parsed into the strategy's `RebalanceThreshold`,
/// every wrong value an error at its key.
@Suite struct RebalanceConfigTests {
    static let sizing = "model: volatility_target\n  risk_per_position: 0.5%\n  stop: 2 * vol"

    /// The base fixture with `extra` lines added to the strategy's `sizing:`.
    static func load(_ extra: String, sizing: String = sizing) throws -> Configuration {
        var files = FixtureConfig.baseFiles()
        let path = "strategies/trend.yaml"
        let text = String(decoding: try #require(files[path]), as: UTF8.self)
        try #require(text.contains(Self.sizing))
        files[path] = Array(text.replacingOccurrences(of: Self.sizing, with: sizing + extra).utf8)
        return FixtureConfig.load(files)
    }

    static func errors(_ extra: String, sizing: String = sizing) throws -> [String] {
        try load(extra, sizing: sizing).diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    static func threshold(_ extra: String) throws -> RebalanceThreshold {
        let configuration = try load(extra)
        #expect(configuration.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        return try #require(configuration.strategies["trend"]).sizing.rebalance
    }

    @Test func withoutTheKeysNothingIsHeld() throws {
        let threshold = try Self.threshold("")
        #expect(threshold == RebalanceThreshold())
        #expect(threshold.holdsNothing)
    }

    @Test(arguments: [
        ("\n  rebalance_band: 10%", RebalanceThreshold(band: .percent(10))),
        ("\n  rebalance_band: 0.025", RebalanceThreshold(band: Ratio(0.025))),
        ("\n  min_order: 20 shares", RebalanceThreshold(minimumOrder: .shares(20))),
        ("\n  min_order: 1 share", RebalanceThreshold(minimumOrder: .shares(1))),
        ("\n  min_order: 5_000 USD", RebalanceThreshold(minimumOrder: .notional(Money(5000, "USD")))),
        ("\n  rebalance_band: 5%\n  min_order: 2500.50 USD",
         RebalanceThreshold(band: .percent(5), minimumOrder: .notional(Money(Decimal(string: "2500.50")!, "USD")))),
    ])
    func validValuesAreRead(extra: String, expected: RebalanceThreshold) throws {
        #expect(try Self.threshold(extra) == expected)
    }

    @Test(arguments: [
        ("rebalance_band: 0%", "16:19: error: 'sizing.rebalance_band' must be above 0%"),
        ("rebalance_band: 100%", "16:19: error: 'sizing.rebalance_band' must be below 100%"),
        ("rebalance_band: 150%", "16:19: error: 'sizing.rebalance_band' is 150%, above the largest sensible value of 100%"),
        ("rebalance_band: 10", "16:19: error: invalid 'sizing.rebalance_band': '10' is ambiguous"),
        ("min_order: 0 shares", "16:14: error: 'sizing.min_order' must be from 1 to 1,000,000,000 shares, got 0"),
        ("min_order: -3 shares", "16:14: error: 'sizing.min_order' must be from 1 to 1,000,000,000 shares, got -3"),
        ("min_order: 1.5 shares", "16:14: error: invalid 'sizing.min_order': '1.5' is not a whole number of shares"),
        ("min_order: 20", "16:14: error: invalid 'sizing.min_order': '20' has no unit"),
        ("min_order: 20 lots", "16:14: error: invalid 'sizing.min_order': 'lots' is neither `shares` nor a currency code"),
        ("min_order: lots", "16:14: error: invalid 'sizing.min_order': 'lots' is not a minimum order"),
        ("min_order: 0 USD", "16:14: error: 'sizing.min_order' must be above 0 USD"),
        ("min_order: 12x USD", "16:14: error: invalid 'sizing.min_order': '12x' is not an amount"),
        ("min_order: [20, shares]", "16:14: error: 'sizing.min_order' must be a number of shares or an amount of money"),
        ("min_order: 5000 EUR", "16:14: error: 'sizing.min_order' is in EUR, but environment 'paper' runs this strategy"),
        ("min_ordr: 20 shares", "16:3: error: unknown key 'min_ordr'"),
    ])
    func wrongValuesAreErrorsAtTheirKey(line: String, expected: String) throws {
        let errors = try Self.errors("\n  " + line)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("strategies/trend.yaml:" + expected) == true, "\(errors)")
    }

    @Test func aModelWhoseTargetNeverChangesSizeRefusesBoth() throws {
        let errors = try Self.errors("\n  rebalance_band: 10%", sizing: "model: fixed_quantity\n  quantity: 100")
        #expect(errors == ["strategies/trend.yaml:15:3: error: 'sizing.rebalance_band' does nothing with sizing model "
                           + "'fixed_quantity', whose target on a side is always the same size; remove it"])
        #expect(try Self.errors("\n  rebalance_band: 10%", sizing: "model: fixed_notional\n  notional: 25000 USD") == [])
    }
}
