import Foundation
import RunnerConfig
import RunnerControl
import RunnerJournal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Workspace {
    /// How long `runner halt|reduce|resume|flatten|status` waits for the engine's reply.
    public static let controlTimeout: Duration = .seconds(10)

    /// The reason journaled with a command sent without `--reason`.
    public static let defaultControlReason = "by hand"

    /// Where a run of `environment` listens for commands: `control.sock` in the folder of its journal
    /// (`var/<environment>/` by default), as seen from this workspace's root.
    public func controlSocketPath(for environment: EnvironmentConfig) -> String {
        RunPaths(root: root, environment: environment).controlSocket
    }

    /// `runner halt|reduce|resume|flatten|status`: sends one command to the running engine of the
    /// environment (by `--env`, else `RUNNER_ENV`, else `paper`) and prints its answer.
    ///
    /// Only the environment's file has to load: a run can be halted while another config file has errors.
    /// Exit status: 0 when the engine took the command, 5 when no run is alive, 6 when the engine refused
    /// it or did not answer in time, 1 when the environment does not load.
    public func control(
        _ kind: ControlCommandKind, requestedEnvironment: String?, processEnvironment: [String: String],
        reason: String?, timeout: Duration = Workspace.controlTimeout
    ) -> CommandOutput {
        let name = LiveGuard.selectedEnvironment(
            processEnvironment: processEnvironment, requested: requestedEnvironment)
        let configuration = load(environment: name)
        guard let environment = configuration.environments[name] else {
            return CommandOutput(
                standardOutput: render(configuration, format: .text) + "\(summary(configuration))\n",
                standardError: "\(kind): environment '\(name)' does not load, so where its run listens is unknown\n",
                exitCode: .configurationErrors)
        }
        let command = ControlCommand(
            kind: kind, reason: reason.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultControlReason,
            origin: Self.controlOrigin(of: kind))
        let path = controlSocketPath(for: environment)
        do {
            let reply = try ControlClient.send(command, to: path, timeout: timeout)
            guard reply.accepted else {
                return CommandOutput(
                    standardError: "\(kind): the engine refused: \(reply.message)\n",
                    exitCode: .commandNotApplied)
            }
            if kind == .status, let status = reply.status { return CommandOutput(standardOutput: status.report) }
            return CommandOutput(standardOutput: "\(kind): \(reply.message)\n")
        } catch {
            let exitCode: RunnerExitCode =
                switch error {
                case .noRunAlive, .staleSocket: .noRunAlive
                case .pathTooLong, .notASocket: .configurationErrors
                case .anotherRunAlive, .timedOut, .malformedReply, .system: .commandNotApplied
                }
            // A run that does not answer may be frozen or dead: what its components last said is in the journal.
            let heartbeats = kind == .status ? journaledHeartbeats(environment) : ""
            return CommandOutput(standardOutput: heartbeats, standardError: "\(kind): \(error)\n", exitCode: exitCode)
        }
    }

    /// The latest heartbeat of each component in the environment's journal, aged by this host's clock, for
    /// `runner status` when no engine answers; empty when there is no journal.
    func journaledHeartbeats(_ environment: EnvironmentConfig) -> String {
        let paths = RunPaths(root: root, environment: environment)
        guard let tail = try? HeartbeatTail(path: paths.journal) else { return "" }
        defer { tail.close() }
        guard let latest = try? tail.skipToEnd(), !latest.isEmpty else { return "" }
        var status = RunStatus.heartbeatsOnly(latest, interval: environment.heartbeat.wholeMilliseconds)
        status.environment = environment.name
        return "the engine did not answer; the latest heartbeats in its journal (\(paths.journal)):\n"
            + status.heartbeatLines(now: Int64(Date().timeIntervalSince1970 * 1000)).joined(separator: "\n") + "\n"
    }

    /// `runner halt (pid 1234, user root)`: who sent a command, for the run's journal.
    static func controlOrigin(of kind: ControlCommandKind) -> String {
        let uid = geteuid()
        return "runner \(kind) (pid \(getpid()), user \(userName(of: uid) ?? "uid \(uid)"))"
    }

    /// The account name of `uid` (the thread-safe lookup), nil when the system has none.
    private static func userName(of uid: uid_t) -> String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4_096)
        return buffer.withUnsafeMutableBufferPointer { buffer in
            guard getpwuid_r(uid, &entry, buffer.baseAddress!, buffer.count, &found) == 0, found != nil,
                let name = entry.pw_name
            else { return nil }
            return String(cString: name)
        }
    }
}
