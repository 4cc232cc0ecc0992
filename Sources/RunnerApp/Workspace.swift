import RunnerConfig
import RunnerDiagnostics
import RunnerIndicators
import RunnerPipeline

/// The composition root for the config commands: the standard plugins, the loader and the renderer.
public struct Workspace: Sendable {
    public var root: String
    public var registries: PluginRegistries
    /// Indicator implementations; their signatures are the ones `registries` type-checks against.
    public var indicators: IndicatorRegistry

    public init(
        root: String = ".", registries: PluginRegistries = InstalledPlugins.registries,
        indicators: IndicatorRegistry = InstalledPlugins.indicators
    ) {
        self.root = root
        self.registries = registries
        self.indicators = indicators
    }

    public var loader: ConfigurationLoader { ConfigurationLoader(catalog: registries.catalog) }

    /// Loads everything under the root, or one environment and what it uses.
    public func load(environment: String? = nil) -> Configuration {
        loader.load(root: root, environment: environment)
    }

    /// Diagnostics in the requested format, with source lines for `text`.
    public func render(_ configuration: Configuration, format: DiagnosticFormat) -> String {
        DiagnosticRenderer(sources: configuration.sources).render(configuration.diagnostics, format: format)
    }

    /// `N errors, M warnings in F files` for the end of a text report.
    public func summary(_ configuration: Configuration) -> String {
        let errors = configuration.diagnostics.filter { $0.severity == .error }.count
        let warnings = configuration.diagnostics.filter { $0.severity == .warning }.count
        let files = configuration.presentFiles.count
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") "
            + "in \(files) file\(files == 1 ? "" : "s")"
    }
}
