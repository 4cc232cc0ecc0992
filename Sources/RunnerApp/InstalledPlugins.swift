import RunnerExamplePlugin
import RunnerIndicators
import RunnerPipeline

/// The plugins this build of `runner` ships with: the standard ones plus the example indicator plugin.
/// A plugin target is added here, once, and every command sees it.
public enum InstalledPlugins {
    public static let indicators: IndicatorRegistry = {
        var registry = IndicatorRegistry.standard
        do { try ExamplePlugin.register(into: &registry) } catch { preconditionFailure("\(error)") }
        return registry
    }()

    /// The loader's view: every installed indicator's signature plus the standard broker, routing,
    /// sizing and market data plugins.
    public static let registries = PluginRegistries.standard(functions: indicators.functionCatalog)
}
