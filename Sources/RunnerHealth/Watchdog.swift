import RunnerCore

/// The watchdog's judgement, as a state machine that returns actions: it is shown heartbeats and asked,
/// at times of its own clock, what to do. It does nothing itself (the kill switch and the alerts are the
/// caller's), so the same judgement runs inside `runner run`, in `runner watchdog` on another host, and in
/// a test with an injected clock.
///
/// A component is silent when its latest heartbeat said `running` and was sent (`Heartbeat.wall`) more than
/// `silence` before now. A silent signal engine fires the kill switch once; any other silent component
/// raises an alert once. A heartbeat after that is a recovery, said once, and re-arms the component. A
/// component whose latest heartbeat said `stopped` (a run that ended on purpose) is never silent, and a
/// component never heard from is not watched: a watchdog started before the run waits for it.
public struct Watchdog: Sendable {
    public enum Action: Sendable, Hashable {
        /// The signal engine went silent: flatten the account and halt.
        case kill(reason: String)
        /// Another component went silent.
        case silent(Heartbeat.Component, since: Int64, processID: Int32, host: String)
        /// A component that was silent sent a heartbeat again.
        case recovered(Heartbeat.Component, after: Int64)
    }

    /// Milliseconds of silence after which a component counts as silent (`watchdog.signal_silence`).
    public let silence: Int64
    private var latest: [Heartbeat.Component: Heartbeat] = [:]
    /// Components judged silent, and when their silence was noticed.
    private var silentSince: [Heartbeat.Component: Int64] = [:]

    public init(silence: Int64) {
        precondition(silence > 0, "a silence limit is positive (the loader refuses others)")
        self.silence = silence
    }

    /// Takes a heartbeat (in any order, and again: one no newer than the latest known changes nothing) and returns a
    /// recovery when the component had been judged silent.
    public mutating func observe(_ heartbeat: Heartbeat) -> [Action] {
        if let known = latest[heartbeat.component], known.wall >= heartbeat.wall { return [] }
        latest[heartbeat.component] = heartbeat
        guard let since = silentSince.removeValue(forKey: heartbeat.component) else { return [] }
        return [.recovered(heartbeat.component, after: heartbeat.wall - since)]
    }

    /// What to do at `now` (the watchdog's wall clock, ms): a kill and alerts for components newly silent.
    public mutating func check(now: Int64) -> [Action] {
        var actions: [Action] = []
        for component in latest.keys.sorted() {
            guard let heartbeat = latest[component], heartbeat.state == .running, silentSince[component] == nil else { continue }
            let quiet = now - heartbeat.wall
            guard quiet > silence else { continue }
            silentSince[component] = heartbeat.wall
            if component == .signalEngine {
                actions.append(.kill(reason: "the signal engine (pid \(heartbeat.processID) on \(heartbeat.host)) sent no "
                    + "heartbeat for \(quiet) ms, more than the \(silence) ms watchdog.signal_silence allows"))
            } else {
                actions.append(.silent(component, since: heartbeat.wall, processID: heartbeat.processID, host: heartbeat.host))
            }
        }
        return actions
    }

    /// The latest heartbeat of each component heard from.
    public var heartbeats: [Heartbeat] { latest.keys.sorted().compactMap { latest[$0] } }

    /// Whether `component` is judged silent now.
    public func isSilent(_ component: Heartbeat.Component) -> Bool { silentSince[component] != nil }
}
