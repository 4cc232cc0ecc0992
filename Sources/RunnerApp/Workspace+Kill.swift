import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerConfig
import RunnerControl
import RunnerCore
import RunnerJournal
import RunnerRisk

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Workspace {
    /// How long `runner kill` waits for the running engine before it acts at the broker itself.
    public static let killEngineTimeout: Duration = .seconds(1)

    /// `runner kill`: the one command that cancels every open order and closes every position.
    ///
    /// It asks the running engine first (over the control socket, for at most ``killEngineTimeout``): the
    /// engine halts, cancels and closes at the broker and confirms. When no answer comes (no run, a frozen
    /// or dead one), it stops a frozen run of this environment on this host (SIGKILL: an engine that woke
    /// up after the kill must never trade on the state it had), builds the environment's broker adapter
    /// itself, and cancels, closes and confirms at the broker directly. Either way trading is left halted
    /// (saved, so a restart comes up halted), the event is journaled, and the exit status is 0 only when the
    /// broker confirmed no open orders and no positions.
    public func kill(
        requestedEnvironment: String?, processEnvironment: [String: String], reason: String?, origin: String? = nil,
        engineTimeout: Duration = Workspace.killEngineTimeout
    ) async -> CommandOutput {
        let name = LiveGuard.selectedEnvironment(processEnvironment: processEnvironment, requested: requestedEnvironment)
        let configuration = load(environment: name)
        guard let environment = configuration.environments[name] else {
            return CommandOutput(
                standardOutput: render(configuration, format: .text) + "\(summary(configuration))\n",
                standardError: "kill: environment '\(name)' does not load, so its run and broker are unknown\n",
                exitCode: .configurationErrors)
        }
        let reason = reason.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultControlReason
        let origin = origin ?? Self.controlOrigin(of: .kill)
        let paths = RunPaths(root: root, environment: environment)
        let command = ControlCommand(kind: .kill, reason: reason, origin: origin)
        let engineAnswer: String
        do {
            let reply = try ControlClient.send(command, to: paths.controlSocket, timeout: engineTimeout)
            if reply.accepted { return CommandOutput(standardOutput: "kill: \(reply.message)\n") }
            // The engine killed but the broker did not confirm: said, not done twice. A run that did not take
            // the kill (it is stopping) did nothing: the kill goes on without it.
            if reply.message.hasPrefix("killed:") {
                return CommandOutput(standardError: "kill: \(reply.message)\n", exitCode: .killNotConfirmed)
            }
            engineAnswer = reply.message
        } catch {
            engineAnswer = "\(error)"
        }
        var lines = ["kill: no answer from the engine (\(engineAnswer)): acting at the broker directly"]
        if let pid = RunProcessFile.liveRun(at: paths.processFile) {
            lines.append("kill: " + Self.fence(pid))
        }
        let outcome: KillAtBrokerOutcome
        do {
            outcome = try await killAtBroker(environment, paths: paths, reason: reason, origin: origin,
                                             processEnvironment: processEnvironment)
        } catch {
            lines.append("kill: could not act at the broker: \(error)")
            return CommandOutput(standardOutput: lines.joined(separator: "\n") + "\n",
                                 standardError: "kill: NOT confirmed: \(error)\n", exitCode: .killNotConfirmed)
        }
        lines += outcome.lines.map { "kill: " + $0 }
        guard outcome.flattening.confirmedFlat else {
            return CommandOutput(standardOutput: lines.joined(separator: "\n") + "\n",
                                 standardError: "kill: NOT confirmed: \(outcome.flattening.description)\n",
                                 exitCode: .killNotConfirmed)
        }
        return CommandOutput(standardOutput: lines.joined(separator: "\n") + "\n")
    }

    /// Stops the frozen run `pid` with SIGKILL and waits (at most 5 s) until it is gone.
    static func fence(_ pid: Int32) -> String {
        guard Glibc.kill(pid, SIGKILL) == 0 else {
            return "could not stop the run (pid \(pid)): \(String(cString: strerror(errno))); it may trade if it wakes up"
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, processIsRunning(pid) { usleep(10_000) }
        return processIsRunning(pid)
            ? "sent SIGKILL to the run (pid \(pid)), which has not exited yet"
            : "stopped the run that did not answer (SIGKILL to pid \(pid)), so it cannot trade on a state the kill changed"
    }

    /// Whether `pid` exists and is not a zombie (a killed child its parent has not reaped yet).
    private static func processIsRunning(_ pid: Int32) -> Bool {
        guard Glibc.kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    struct KillAtBrokerOutcome {
        var flattening: BrokerFlattening.Outcome
        var lines: [String]
    }

    /// The kill switch without the engine: the environment's broker adapter built here, everything cancelled
    /// and closed and confirmed there, trading saved as halted, and the event and the closing fills journaled.
    func killAtBroker(_ environment: EnvironmentConfig, paths: RunPaths, reason: String, origin: String,
                      processEnvironment: [String: String]) async throws -> KillAtBrokerOutcome
    {
        let wall = Int64(Date().timeIntervalSince1970 * 1000)
        let clock = ManualTimeSource(milliseconds: wall)
        let isPaper = environment.broker.adapter.value == "paper"
        guard let startingCash = environment.account.startingEquity?.value ?? (isPaper ? nil : Money(0, "USD")) else {
            throw RunError("\(environment.file): account.starting_equity is required to open the paper broker's book")
        }
        try PaperBroker.checkBookFile(at: paths.paperBook)
        let context = RunContext(environment: environment, paths: paths, clock: clock, startingCash: startingCash, root: root,
                                 processEnvironment: processEnvironment)
        let broker = try RunAdapters.installed.broker(context)
        // A real broker is logged on here, with the run's own settings (the run itself was fenced first).
        let connected = isPaper ? nil : try await Self.connect(broker, environment)
        // A simulated venue keeps its own clock (a replay's): its closing fills are stamped on it.
        let now = broker.paper?.lastEventClock ?? wall
        clock.set(now)
        let outcome = await BrokerFlattening.flatten(broker.adapter)
        var lines = ["at the broker: \(outcome.description)"]
        let state: TradingState
        do { state = try saveKilledState(environment, paths: paths, at: now) } catch {
            await connected?.disconnect()
            throw error
        }
        lines.append("trading halted (kill switch), saved in \(paths.tradingState): a restart comes up halted; "
            + "`runner resume` re-arms a running engine")
        let fills = (try? await broker.adapter.fills(since: now))?.filter { fill in
            outcome.closingOrders.contains { $0.order.clientOrderID == fill.clientOrderID }
        } ?? []
        await connected?.disconnect()
        let alert = OperatorAlert(
            kind: .kill, severity: .critical,
            message: "kill switch from \(origin) (\(reason)) without the engine: \(outcome.description)",
            environment: environment.name, at: now)
        // The environment's sinks, as a run has them (a sink that cannot be built is said, not fatal: the
        // account is already flat).
        var alerts: RunAlerts?
        do { alerts = try RunAlerts(environment: environment, paths: paths, root: root, processEnvironment: processEnvironment) } catch {
            lines.append("the alert sinks could not be built (\(error)): the kill is in the journal only")
        }
        if let note = try await journalKill(paths: paths, environment: environment, state: state, fills: fills,
                                            orders: outcome.closingOrders, flat: outcome.confirmedFlat,
                                            alert: alert, alerts: alerts) {
            lines.append(note)
        }
        return KillAtBrokerOutcome(flattening: outcome, lines: lines)
    }

    /// Saves `halted (kill_switch)` where the run's gate reads its state at start.
    private func saveKilledState(_ environment: EnvironmentConfig, paths: RunPaths, at now: Int64) throws -> TradingState {
        let state = TradingState(mode: .halted, reason: .killSwitch, since: now,
                                 tradingDay: environment.session.tradingDay(of: now))
        do {
            try FileTradingStateStore(path: paths.tradingState).save(state)
        } catch {
            throw RunError("the broker was flattened, but the halted state could not be saved in \(paths.tradingState), "
                + "so a restart would not know it: \(error)")
        }
        return state
    }

    /// Journals the kill in the environment's journal when there is one: the alert, the closing orders and
    /// fills (so the journal agrees with the broker), the halted state, and the run marked finished (the kill
    /// ended it: the next `runner run` starts a new one, halted). Returns a note for the operator.
    private func journalKill(
        paths: RunPaths, environment: EnvironmentConfig, state: TradingState, fills: [Fill], orders: [BrokerOrder],
        flat: Bool, alert: OperatorAlert, alerts: RunAlerts?
    ) async throws -> String? {
        let now = alert.at
        guard case .journal(let record) = SQLiteJournal.inspect(path: paths.journal), record.environment == environment.name
        else {
            // No journal to keep it: the sinks still hear of it.
            if let dispatcher = alerts?.dispatcher(journal: nil) {
                dispatcher.raise(alert)
                _ = await dispatcher.drain(timeout: RunAlerts.drainTimeout)
            }
            return "no journal of this environment at \(paths.journal): the kill is recorded in the trading state and the log"
        }
        let journal = try SQLiteJournal(path: paths.journal, configuration: Self.journalConfiguration)
        let writer = Task { try await journal.run() }
        let dispatcher = alerts?.dispatcher(journal: journal)
        if let dispatcher { dispatcher.raise(alert) } else { journal.record(.operatorAlert(alert)) }
        for order in orders { journal.record(.brokerOrder(order, at: now)) }
        for fill in fills { journal.record(.execution(fill)) }
        // Confirmed flat at the broker: every symbol it closed is flat in the journal too.
        if flat {
            for symbol in Set(fills.map(\.symbol)) { journal.record(.position(symbol: symbol, quantity: 0, averageCost: 0, at: now)) }
        }
        journal.record(.tradingState(state))
        try await journal.flush()
        if let dispatcher { _ = await dispatcher.drain(timeout: RunAlerts.drainTimeout) }
        if record.finishedAt == nil { try await journal.finishRun(at: now) }
        try await journal.close()
        try await writer.value
        return "journaled in \(paths.journal)" + (record.finishedAt == nil ? "; the interrupted run is marked finished" : "")
    }
}
