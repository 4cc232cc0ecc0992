import RunnerConfig
import RunnerDiagnostics

extension PipelineGraph {
    /// A warning for each part an environment file sets that does not run in this version, located at
    /// its key: `path:line:column: warning: 'watchdog' is configured, but the heartbeat watchdog does
    /// not run yet in this version`. Parts left at their defaults are not set, so they get none.
    public static func notRunningWarnings(_ environment: EnvironmentConfig) -> [Diagnostic] {
        AttachedPart.parts(of: environment).compactMap { part in
            let kind = part.kind
            guard part.status == .configuredNotRunning, let location = environment.keyLocations[kind.rawValue] else {
                return nil
            }
            return .warning(
                at: location, code: "not-running",
                "'\(kind.rawValue)' is configured, but the \(kind.noun) does not run yet in this version")
        }
    }
}
