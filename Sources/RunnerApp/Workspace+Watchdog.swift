import Foundation
import RunnerConfig
import RunnerCore
import RunnerHealth
import RunnerJournal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Workspace {
    /// `runner watchdog`: the watchdog as a process of its own (under a supervisor, or on another host that
    /// sees the journal). It reads the heartbeats the environment's run commits to its journal, read-only,
    /// every `poll`, and fires the kill switch (``kill(requestedEnvironment:processEnvironment:reason:origin:engineTimeout:)``)
    /// when the signal engine sent none for `watchdog.signal_silence`; another silent component is reported.
    ///
    /// Only heartbeats committed after it starts count: a watchdog started before the run waits for it, and
    /// one started after a crash does not flatten the crashed run's account by itself. It runs until
    /// stopped (SIGINT, SIGTERM), or for `duration` when given; `report` gets each line as it happens.
    public func watchdog(
        requestedEnvironment: String?, processEnvironment: [String: String], poll: Duration = .milliseconds(250),
        duration: Duration? = nil, report: @escaping @Sendable (String) -> Void
    ) async -> CommandOutput {
        let name = LiveGuard.selectedEnvironment(processEnvironment: processEnvironment, requested: requestedEnvironment)
        let configuration = load(environment: name)
        guard let environment = configuration.environments[name] else {
            return CommandOutput(
                standardOutput: render(configuration, format: .text) + "\(summary(configuration))\n",
                standardError: "watchdog: environment '\(name)' does not load\n", exitCode: .configurationErrors)
        }
        let paths = RunPaths(root: root, environment: environment)
        let silence = environment.watchdogSignalSilence.wholeMilliseconds
        report("watchdog: watching \(paths.journal) for environment '\(name)': the kill switch fires after "
            + "\(environment.watchdogSignalSilence.configText) without a signal engine heartbeat")
        var watchdog = Watchdog(silence: silence)
        var tail: (reader: HeartbeatTail, identity: FileIdentity)?
        let deadline = duration.map { ContinuousClock.now + $0 }
        var kills = 0
        var readFailure: String?
        // A journal there at start holds history the watchdog does not judge; one that appears later is a new run's.
        let journalAtStart = FileIdentity(path: paths.journal)
        while deadline.map({ ContinuousClock.now < $0 }) ?? true, !Task.isCancelled {
            let identity = FileIdentity(path: paths.journal)
            if let current = tail, current.identity != identity {
                // A new run replaced the journal: its heartbeats start again from the first row.
                current.reader.close()
                tail = nil
            }
            if tail == nil, let identity, let reader = try? HeartbeatTail(path: paths.journal) {
                if identity == journalAtStart, watchdog.heartbeats.isEmpty { _ = try? reader.skipToEnd() }
                tail = (reader, identity)
            }
            var actions: [Watchdog.Action] = []
            if let reader = tail?.reader {
                do {
                    for heartbeat in try reader.next() { actions += watchdog.observe(heartbeat) }
                    if let failure = readFailure {
                        report("watchdog: the journal can be read again (it could not: \(failure))")
                        readFailure = nil
                    }
                } catch {
                    // Silence it cannot see is not silence: no judgement while the journal cannot be read.
                    if readFailure == nil { report("watchdog: ALERT: cannot read \(paths.journal): \(error); not judging until it can") }
                    readFailure = "\(error)"
                    try? await Task.sleep(for: poll)
                    continue
                }
            }
            actions += watchdog.check(now: Int64(Date().timeIntervalSince1970 * 1000))
            for action in actions {
                switch action {
                case .kill(let reason):
                    kills += 1
                    report("watchdog: KILL: \(reason)")
                    // This process's environment (the alert sinks' variables), with the environment it watches.
                    var environment = processEnvironment
                    environment["RUNNER_ENV"] = name
                    let output = await kill(requestedEnvironment: name, processEnvironment: environment,
                                            reason: reason, origin: "runner watchdog (pid \(getpid()))")
                    report((output.standardOutput + output.standardError).trimmingCharacters(in: .newlines))
                case .silent(let component, let since, let pid, let host):
                    report("watchdog: ALERT: \(component.rawValue) (pid \(pid) on \(host)) has sent no heartbeat since \(since)")
                case .recovered(let component, let after):
                    report("watchdog: \(component.rawValue) is sending heartbeats again after \(after) ms")
                }
            }
            try? await Task.sleep(for: poll)
        }
        tail?.reader.close()
        return CommandOutput(standardOutput: "watchdog: stopped after \(kills) kills\n")
    }
}

/// The device and inode of a file: tells a journal replaced by a new run from the one being read.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
