import RunnerCore

/// What a running environment does about each clock check: a value that returns actions, performed by
/// the service that owns it.
///
/// - Live: every failing check halts trading (so a `resume` while the clock is still off is undone at the
///   next check) and raises a critical alert saying what to do.
/// - Paper: the first failing check after a good one raises a warning; nothing halts.
/// - Either: the first good check after a failing one raises an info alert (a live halt stays until an
///   operator resumes).
public struct ClockWatch: Sendable {
    public enum Action: Sendable, Hashable {
        /// Halt trading, with this reason.
        case halt(reason: String)
        case alert(OperatorAlert.Severity, message: String)
    }

    public let mode: TradingMode
    /// Whether the last check failed.
    public private(set) var failing = false

    public init(mode: TradingMode) { self.mode = mode }

    public mutating func observe(_ verdict: ClockVerdict) -> [Action] {
        defer { failing = !verdict.isAcceptable }
        guard !verdict.isAcceptable else {
            guard failing else { return [] }
            let after = mode == .live ? "; trading stays halted until an operator runs `runner resume`" : ""
            return [.alert(.info, message: "clock check passed again: \(verdict)\(after)")]
        }
        switch mode {
        case .live:
            return [
                .halt(reason: "clock check failed: \(verdict)"),
                .alert(.critical, message: "clock check failed, trading halted: \(verdict). Check the host's NTP "
                    + "daemon (`chronyc tracking`), then `runner resume` once the offset is back within the maximum"),
            ]
        case .paper:
            return failing ? [] : [.alert(.warning, message: "clock check failed (paper: not halted): \(verdict)")]
        }
    }
}
