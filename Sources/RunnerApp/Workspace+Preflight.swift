import RunnerConfig
import RunnerDiagnostics

extension Workspace {
    /// `runner preflight`: what `runner run` will check before it starts anything.
    ///
    /// The environment comes from `RUNNER_ENV` (default `paper`); `--env` may name another one, but a
    /// live environment is only ever accepted when `RUNNER_ENV` names it too.
    public func preflight(requestedEnvironment: String?, processEnvironment: [String: String]) -> CommandOutput {
        let runnerEnv = processEnvironment[LiveGuard.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let name = requestedEnvironment ?? runnerEnv ?? LiveGuard.defaultEnvironment
        let configuration = load(environment: name)
        guard configuration.isValid else {
            return CommandOutput(
                standardOutput: render(configuration, format: .text) + "\(summary(configuration))\n",
                standardError: "preflight: environment '\(name)' has configuration errors; nothing was started.\n",
                exitCode: .configurationErrors)
        }
        let guardian = LiveGuard(configuration: configuration, catalog: registries.catalog)
        switch guardian.evaluate(processEnvironment: processEnvironment, requestedEnvironment: requestedEnvironment) {
        case .allowed(let environment):
            return CommandOutput(standardOutput:
                "preflight: environment '\(environment.name)' (mode: \(environment.mode.value.rawValue)) may start\n")
        case .refused(let refusal):
            return CommandOutput(standardError: "preflight: \(refusal)", exitCode: .liveGuardRefused)
        }
    }
}
