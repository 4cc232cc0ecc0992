import Foundation
import RunnerConfig
import RunnerCore
import Testing

/// `params:` in a strategy and `{use:, as:, params:}` in an environment: one file, several strategies.
@Suite struct StrategyParametersTests {
    static let strategy = """
        strategy: trend
        universe: [AAPL, XOM]
        timeframe: 1m
        params:
          fast: {default: 12, min: 2, max: 50}
          slow: 48
          edge: {default: 0.5, min: 0}
        indicators:
          fast_ma: ema(close, fast)
          slow_ma: ema(close, slow)
        rules:
          enter_long: fast_ma - slow_ma > edge
          exit_long: fast_ma < slow_ma
        exits: {max_bars: slow}
        sizing: {model: fixed_quantity, quantity: 10}
        """

    func load(strategies: String) -> Configuration {
        var files = FixtureConfig.baseFiles()
        files["strategies/trend.yaml"] = Array(Self.strategy.utf8)
        let environment = String(decoding: files["environments/paper.yaml"]!, as: UTF8.self)
            .replacingOccurrences(of: "strategies: [trend]", with: "strategies:\n\(strategies)")
        files["environments/paper.yaml"] = Array(environment.utf8)
        return FixtureConfig.load(files)
    }

    @Test func anEnvironmentRunsOneFileUnderTwoNamesWithOtherValues() throws {
        let configuration = load(strategies: """
              - trend
              - {use: trend, as: trend_fast, params: {fast: 5, slow: 20, edge: 0.25}}
            """)
        #expect(configuration.diagnostics.map(\.description) == [])
        let environment = try #require(configuration.environments["paper"])
        let strategies = configuration.strategies(of: environment)
        #expect(strategies.map(\.name.value) == ["trend", "trend_fast"])
        #expect(strategies.map(\.uses) == [nil, "trend"])
        #expect(strategies.map { $0.parameters.map(\.value) } == [[12, 48, 0.5], [5, 20, 0.25]])
        #expect(strategies.map { $0.exits.maxBars?.value } == [48, 20])
        // The parameters became literals in the expressions (a period must be one).
        #expect(strategies.map { $0.indicators[0].expression.description } == ["ema(close, 12)", "ema(close, 5)"])
        #expect(strategies[1].parameters[0].overriddenAt?.file == "environments/paper.yaml")
    }

    @Test func aFileRunWithNoNewNameOrValuesIsTheFilesStrategy() throws {
        let configuration = load(strategies: "  - {use: trend}")
        #expect(configuration.diagnostics.map(\.description) == [])
        let environment = try #require(configuration.environments["paper"])
        #expect(configuration.strategies(of: environment).map(\.name.value) == ["trend"])
        #expect(configuration.strategies(of: environment).map(\.uses) == [nil])
    }

    @Test func valuesThatBreakAnExpressionAreReportedWithTheEnvironmentsPlace() throws {
        let configuration = load(strategies: "  - {use: trend, as: trend_one, params: {slow: 0}}")
        let messages = configuration.diagnostics.map(\.description)
        // The period of `slow_ma` and `exits.max_bars`, both at the strategy file's expression.
        #expect(messages.count == 3, "\(messages)")
        #expect(messages.allSatisfy { $0.hasPrefix("strategies/trend.yaml:") })
        #expect(messages.allSatisfy { $0.contains("with the parameters 'trend_one' runs with (environments/paper.yaml:4:") })
    }
}
