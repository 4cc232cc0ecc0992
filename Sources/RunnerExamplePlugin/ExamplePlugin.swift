import RunnerExpressions
import RunnerIndicators

/// An example of an indicator plugin: a target of its own that describes its function's signature
/// (what the config loader type-checks) and registers an implementation under that name.
///
/// To add your own: copy this target, write a `final class` conforming to `StreamingIndicator`,
/// describe its parameters in a `FunctionSignature`, and add its `register(into:)` call to
/// `InstalledPlugins` in RunnerApp. Strategies can then call it like a built-in indicator.
public enum ExamplePlugin {
    /// `hma(series, period)`.
    public static let hullMovingAverage = FunctionSignature(
        name: "hma",
        parameters: [.init("series", .series), .init("period", .integerConstant(minimum: 2))],
        result: .number,
        summary: "Hull moving average: a weighted average of weighted averages, quick to turn and smooth.",
        isIndicator: true)

    /// Registers the example's indicators; throws if a name is already taken.
    public static func register(into registry: inout IndicatorRegistry) throws(IndicatorRegistryError) {
        try registry.register(IndicatorDescriptor(signature: hullMovingAverage) { parameters in
            HullMovingAverage(period: Int(parameters[0]))
        })
    }
}
