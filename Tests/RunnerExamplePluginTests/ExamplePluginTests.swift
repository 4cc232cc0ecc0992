import Foundation
import RunnerApp
import RunnerConfig
import RunnerExamplePlugin
import RunnerIndicators
import RunnerPipeline
import Testing

@Suite struct ExamplePluginTests {
    @Test func hullMovingAverageMatchesAHandComputation() {
        // n = 4: WMA(2 x WMA(x, 2) - WMA(x, 4), 2) over x = 1, 2, 4, 8, 16.
        let hull = HullMovingAverage(period: 4)
        var values: [Double] = []
        for x in [1.0, 2, 4, 8, 16] {
            hull.update(IndicatorInput(first: x, bar: BarFields(timestamp: 0, open: x, high: x, low: x, close: x, volume: 1)))
            values.append(hull.value(0))
        }
        // WMA2: (2*2+1)/3, (2*4+2)/3=10/3, (2*8+4)/3=20/3, (2*16+8)/3=40/3; WMA4 from the 4th: (4*8+3*4+2*2+1)/10=4.9,
        // then (4*16+3*8+2*4+2)/10=9.8. raw: 2*20/3-4.9=8.4333..., 2*40/3-9.8=16.8666...; WMA2 of raw = (2*16.8666+8.4333)/3.
        let raw3 = 2 * 20.0 / 3 - 4.9
        let raw4 = 2 * 40.0 / 3 - 9.8
        #expect(hull.lookback == 4)
        #expect(values[0...3].allSatisfy { $0.isNaN })
        #expect(abs(values[4] - (2 * raw4 + raw3) / 3) < 1e-12)
    }

    @Test func thePluginRegistersOnceAndRefusesASecondRegistration() throws {
        var registry = IndicatorRegistry.standard
        try ExamplePlugin.register(into: &registry)
        #expect(registry.descriptor(named: "hma") != nil)
        do {
            try ExamplePlugin.register(into: &registry)
            Issue.record("a second registration of 'hma' must be refused")
        } catch {
            #expect(error == .duplicate("hma"))
        }
    }

    @Test func theExampleStrategyNeedsThePluginToValidate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let installed = Workspace(root: root.path).load()
        #expect(installed.strategies["hull_trend"] != nil)
        #expect(installed.diagnostics.isEmpty)
        let withoutPlugin = ConfigurationLoader(catalog: PluginRegistries.standard.catalog).load(root: root.path)
        #expect(withoutPlugin.diagnostics.map(\.description) == [
            "strategies/hull_trend.yaml:8:9: error: unknown function 'hma' (did you mean 'ema'?)"
        ].map { root.path + "/" + $0 })
    }
}
