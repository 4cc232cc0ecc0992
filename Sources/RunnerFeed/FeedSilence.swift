/// How long a live feed may stay silent: past `alertAfter` without a bar an alert goes out, past
/// `haltAfter` new risk stops (the run halts; reductions and the kill switch still work). Each fires once
/// per silence; the first bar after it ends the silence. Pure, over any clock (milliseconds).
public struct FeedSilence: Sendable {
    public let alertAfter: Int64
    public let haltAfter: Int64
    private var lastBar: Int64
    private var alerted = false
    private var halted = false

    public init(alertAfter: Int64, haltAfter: Int64, startedAt: Int64) {
        precondition(alertAfter > 0 && haltAfter >= alertAfter, "the halt must not come before the alert")
        self.alertAfter = alertAfter
        self.haltAfter = haltAfter
        lastBar = startedAt
    }

    public enum Action: Sendable, Hashable {
        /// Silent for `milliseconds`: tell someone.
        case alert(silentFor: Int64)
        /// Silent for `milliseconds`: stop new risk.
        case halt(silentFor: Int64)
        /// A bar came after an alert or a halt (a halt stays until an operator resumes).
        case resumed(silentFor: Int64, wasHalted: Bool)
    }

    /// A bar arrived at `now`.
    public mutating func bar(at now: Int64) -> Action? {
        defer {
            lastBar = now
            alerted = false
            halted = false
        }
        return alerted || halted ? .resumed(silentFor: now - lastBar, wasHalted: halted) : nil
    }

    /// The time is `now`: what the silence so far calls for.
    public mutating func check(now: Int64) -> Action? {
        let silent = now - lastBar
        if silent >= haltAfter, !halted {
            halted = true
            alerted = true
            return .halt(silentFor: silent)
        }
        if silent >= alertAfter, !alerted {
            alerted = true
            return .alert(silentFor: silent)
        }
        return nil
    }
}
