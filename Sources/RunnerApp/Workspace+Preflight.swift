import RunnerConfig
import RunnerDiagnostics

extension Workspace {
    /// `runner preflight`: what `runner run` will check before it starts anything.
    ///
    /// The environment comes from `RUNNER_ENV` (default `paper`); `--env` may name another one, but a
    /// live environment is only ever accepted when `RUNNER_ENV` names it too. Every disagreement is
    /// listed even when the files also have errors, and so is the reason this version cannot run the
    /// environment (``runRefusal(_:)``); the exit status is 3 when the guard refuses a live environment
    /// over a disagreement, 1 for configuration errors (a paper environment's disagreements included),
    /// and 4 when only this version's limits stand in the way.
    ///
    /// Once the guard allows the environment, its clock is measured against `clock.servers` and the
    /// offset printed: a live environment whose clock check fails (no server answered, an offset beyond
    /// `clock.max_offset`, no server configured) is refused with status 3; a paper one gets a warning.
    public func preflight(requestedEnvironment: String?, processEnvironment: [String: String]) -> CommandOutput {
        let name = LiveGuard.selectedEnvironment(processEnvironment: processEnvironment, requested: requestedEnvironment)
        let configuration = load(environment: name)
        let guardian = LiveGuard(configuration: configuration, catalog: registries.catalog)
        let report = configuration.diagnostics.isEmpty ? "" : render(configuration, format: .text) + "\(summary(configuration))\n"
        let unsupported = configuration.environments[name].flatMap(Self.runRefusal)
        switch guardian.evaluate(processEnvironment: processEnvironment, requestedEnvironment: requestedEnvironment) {
        case .allowed(let environment):
            let what = "environment '\(environment.name)' (mode: \(environment.mode.value.rawValue))"
            let clock = ClockPreflight(verdict: Self.clockCheck(environment).run(), mode: environment.mode.value)
            let reasons = [clock.refusal, unsupported].compactMap { $0 }
            if !reasons.isEmpty {
                // A live clock that cannot be trusted is the live guard's kind of refusal.
                return CommandOutput(
                    standardOutput: report + clock.line,
                    standardError: "preflight: refusing to start \(what):\n" + reasons.map { "  - \($0)\n" }.joined(),
                    exitCode: clock.refusal != nil ? .liveGuardRefused : .notRunnable)
            }
            return CommandOutput(standardOutput: report + "preflight: \(what) may start\n" + clock.line,
                                 standardError: clock.warning ?? "")
        case .refused(var refusal):
            let exitCode: RunnerExitCode = refusal.refusesLiveTrading ? .liveGuardRefused : .configurationErrors
            if let unsupported { refusal.mismatches.append(unsupported) }
            return CommandOutput(standardOutput: report, standardError: "preflight: \(refusal)", exitCode: exitCode)
        }
    }

    /// Why this version cannot run `environment`, or nil when it can: a broker adapter or market data
    /// source this build has no factory for, a live environment over replayed data (real orders at
    /// historical times), or a bus between processes (never silently run in one process instead).
    /// `runner preflight` refuses with this sentence, and so does `runner run`, which calls preflight first.
    public static func runRefusal(_ environment: EnvironmentConfig) -> String? {
        let runs = RunAdapters.installed.runs(environment)
        if !runs.broker {
            return "this version cannot run the '\(environment.broker.adapter.value)' broker adapter of environment "
                + "'\(environment.name)'"
        }
        if !runs.marketData {
            return "this version cannot run the '\(environment.marketData.source.value)' market data source of "
                + "environment '\(environment.name)'"
        }
        if environment.mode.value == .live, environment.marketData.live?.followsBars == true {
            return "environment '\(environment.name)' is live but its feed sets the time from its bars "
                + "(market_data.clock: bars): a live run trades on the wall clock"
        }
        if environment.mode.value == .live, environment.marketData.live == nil {
            return "environment '\(environment.name)' is live but replays its market data (source: "
                + "\(environment.marketData.source.value)): a live run trades on a live feed (process, alpaca)"
        }
        if environment.broker.adapter.value != "paper", let equity = environment.account.startingEquity {
            return "\(environment.file):\(equity.location.line): account.starting_equity is the paper broker's; the "
                + "'\(environment.broker.adapter.value)' broker's own account says the cash (remove it)"
        }
        if case .redis(let url) = environment.bus {
            return "this version runs the stages over the in-process bus only (bus: memory); environment "
                + "'\(environment.name)' sets bus: \(url)"
        }
        return nil
    }
}
