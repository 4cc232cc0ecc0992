/// What one request and its reply tell about the local clock (RFC 4330 section 5), from the four
/// timestamps, all as Unix nanoseconds:
///
/// - T1, the local time the request left; T2, the server's time it arrived;
/// - T3, the server's time the reply left; T4, the local time the reply arrived.
///
/// The offset, `((T2 - T1) + (T3 - T4)) / 2`, is how far the server's clock is ahead of the local one
/// (positive: the local clock is behind). The round-trip delay, `(T4 - T1) - (T3 - T2)`, is the time on
/// the network; the offset is exact when both directions take equally long and off by at most half
/// the delay otherwise, which is why the best of several servers is the one with the lowest delay.
public struct ClockSample: Sendable, Hashable, CustomStringConvertible {
    public var offsetNanoseconds: Int64
    public var delayNanoseconds: Int64

    public init(offsetNanoseconds: Int64, delayNanoseconds: Int64) {
        self.offsetNanoseconds = offsetNanoseconds
        self.delayNanoseconds = delayNanoseconds
    }

    /// The sample of one exchange. The server's timestamps are read within 68 years of T1 (see
    /// ``NTPTimestamp``), so no difference here can overflow.
    public init(t1: Int64, t2: Int64, t3: Int64, t4: Int64) {
        offsetNanoseconds = ((t2 - t1) + (t3 - t4)) / 2
        delayNanoseconds = (t4 - t1) - (t3 - t2)
    }

    public var offset: Duration { .nanoseconds(offsetNanoseconds) }
    public var delay: Duration { .nanoseconds(delayNanoseconds) }

    /// `+3.2ms (delay 0.4ms)`.
    public var description: String {
        "\(Self.milliseconds(offsetNanoseconds, signed: true)) (delay \(Self.milliseconds(delayNanoseconds)))"
    }

    /// Nanoseconds as milliseconds with one decimal, rounded half away from zero: `+3.2ms`, `-0.1ms`, `0.4ms`.
    public static func milliseconds(_ nanoseconds: Int64, signed: Bool = false) -> String {
        let tenths = (nanoseconds.magnitude + 50_000) / 100_000
        let sign = nanoseconds < 0 && tenths > 0 ? "-" : (signed ? "+" : "")
        return "\(sign)\(tenths / 10).\(tenths % 10)ms"
    }

    /// A limit as whole milliseconds when it is one (`250ms`), else with one decimal.
    public static func limit(_ duration: Duration) -> String {
        let nanoseconds = duration.nanosecondsSaturated
        return nanoseconds % 1_000_000 == 0 ? "\(nanoseconds / 1_000_000)ms" : milliseconds(nanoseconds)
    }
}

extension Duration {
    /// The duration in nanoseconds, held at Int64's bounds (about 292 years) rather than trapping.
    var nanosecondsSaturated: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (total, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAgain ? (seconds < 0 ? .min : .max) : total
    }
}
