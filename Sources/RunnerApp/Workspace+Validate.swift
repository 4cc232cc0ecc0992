import RunnerConfig
import RunnerDiagnostics
import RunnerPipeline

extension Workspace {
    /// `runner validate`: every problem in the chosen format; exit 1 when any is an error. A part an
    /// environment configures that does not run in this version (``AttachedPart``) is a warning at its key.
    ///
    /// The live guard is also evaluated for the environment `RUNNER_ENV` selects (default `paper`) and
    /// its verdict printed. When `RUNNER_ENV` is set explicitly and the guard finds a disagreement on an
    /// otherwise clean configuration, the exit status is ``RunnerExitCode/liveGuardRefused``; with
    /// `RUNNER_ENV` unset a missing `paper` environment is not an error, so any root can be validated.
    public func validate(
        environment: String?, format: DiagnosticFormat, processEnvironment: [String: String]
    ) -> CommandOutput {
        var configuration = load(environment: environment)
        // Parts an environment sets that this version does not run: warnings, never a failure.
        let notRunning = configuration.environments.values.flatMap(PipelineGraph.notRunningWarnings)
        configuration.diagnostics = (configuration.diagnostics + notRunning).sortedByLocation()
        var output = CommandOutput(standardOutput: render(configuration, format: format))
        if format == .text {
            output.standardOutput += "\(summary(configuration))\n"
        }
        if !configuration.isValid { output.exitCode = .configurationErrors }
        let explicit = LiveGuard.explicitEnvironment(processEnvironment)
        let target = LiveGuard.selectedEnvironment(processEnvironment: processEnvironment)
        let targetIsLoaded = environment == nil || environment == target
        guard targetIsLoaded, explicit != nil || configuration.environments[target] != nil else { return output }
        let guardian = LiveGuard(configuration: configuration, catalog: registries.catalog)
        switch guardian.evaluate(processEnvironment: processEnvironment) {
        case .allowed(let allowed):
            if format == .text {
                output.standardOutput += "live guard: environment '\(allowed.name)' (mode: \(allowed.mode.value.rawValue)) may start\n"
            }
        case .refused(let refusal) where refusal.isDisagreement || explicit != nil:
            output.standardError += "live guard: \(refusal)"
            if explicit != nil, refusal.isDisagreement, output.exitCode == .success {
                output.exitCode = refusal.refusesLiveTrading ? .liveGuardRefused : .configurationErrors
            }
        case .refused:
            break  // Only configuration errors, already printed above.
        }
        return output
    }
}
