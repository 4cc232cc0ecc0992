import RunnerConfig
import RunnerDiagnostics

extension Workspace {
    /// `runner preflight`: what `runner run` will check before it starts anything.
    ///
    /// The environment comes from `RUNNER_ENV` (default `paper`); `--env` may name another one, but a
    /// live environment is only ever accepted when `RUNNER_ENV` names it too. Every disagreement is
    /// listed even when the files also have errors; the exit status is 3 for a disagreement, 1 when
    /// only configuration errors stand in the way.
    public func preflight(requestedEnvironment: String?, processEnvironment: [String: String]) -> CommandOutput {
        let name = LiveGuard.selectedEnvironment(processEnvironment: processEnvironment, requested: requestedEnvironment)
        let configuration = load(environment: name)
        let guardian = LiveGuard(configuration: configuration, catalog: registries.catalog)
        let report = configuration.diagnostics.isEmpty ? "" : render(configuration, format: .text) + "\(summary(configuration))\n"
        switch guardian.evaluate(processEnvironment: processEnvironment, requestedEnvironment: requestedEnvironment) {
        case .allowed(let environment):
            return CommandOutput(standardOutput: report
                + "preflight: environment '\(environment.name)' (mode: \(environment.mode.value.rawValue)) may start\n")
        case .refused(let refusal):
            return CommandOutput(standardOutput: report, standardError: "preflight: \(refusal)",
                                 exitCode: refusal.isDisagreement ? .liveGuardRefused : .configurationErrors)
        }
    }
}
