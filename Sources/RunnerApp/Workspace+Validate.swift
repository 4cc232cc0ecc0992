import RunnerConfig
import RunnerDiagnostics

extension Workspace {
    /// `runner validate`: every problem in the chosen format; exit 1 when any is an error.
    ///
    /// When the files are clean, the live guard is evaluated for the environment `RUNNER_ENV` selects
    /// (when it exists) and its verdict printed; a refusal exits with ``RunnerExitCode/liveGuardRefused``
    /// only when `RUNNER_ENV` was set explicitly, so CI that validates examples is not affected.
    public func validate(
        environment: String?, format: DiagnosticFormat, processEnvironment: [String: String]
    ) -> CommandOutput {
        let configuration = load(environment: environment)
        var output = CommandOutput(standardOutput: render(configuration, format: format))
        if format == .text {
            output.standardOutput += "\(summary(configuration))\n"
        }
        guard configuration.isValid else {
            output.exitCode = .configurationErrors
            return output
        }
        let selected = processEnvironment[LiveGuard.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let guardTarget = selected ?? LiveGuard.defaultEnvironment
        guard environment == nil || environment == guardTarget, configuration.environments[guardTarget] != nil else {
            return output
        }
        let guardian = LiveGuard(configuration: configuration, catalog: registries.catalog)
        switch guardian.evaluate(processEnvironment: processEnvironment) {
        case .allowed(let allowed):
            if format == .text {
                output.standardOutput += "live guard: environment '\(allowed.name)' (mode: \(allowed.mode.value.rawValue)) may start\n"
            }
        case .refused(let refusal):
            output.standardError += "live guard: \(refusal)"
            if selected != nil { output.exitCode = .liveGuardRefused }
        }
        return output
    }
}
