/// A time in NTP's 64-bit fixed-point format (RFC 4330 section 3): whole seconds since the start of the
/// current NTP era in the high 32 bits, the fraction of a second in units of 2^-32 s in the low 32 bits.
///
/// **Eras.** Era 0 began 1900-01-01T00:00:00Z and ends when the seconds wrap, 2036-02-07T06:28:16Z; era 1
/// follows. The wire format does not say which era a timestamp belongs to, so a timestamp is read as the
/// instant nearest a reference time the reader trusts to within 68 years (the local clock reading the
/// request was sent at): a server's reply on either side of the 2036 wrap lands in the right era, as long
/// as the two clocks are less than 68 years apart. Writing keeps the low 32 bits of the seconds, which is
/// the era-relative value RFC 4330 prescribes.
public struct NTPTimestamp: Sendable, Hashable, CustomStringConvertible {
    /// Seconds from 1900-01-01 (the start of era 0) to 1970-01-01 (the Unix epoch).
    public static let secondsFrom1900To1970: Int64 = 2_208_988_800
    /// Seconds in one NTP era.
    public static let secondsPerEra: Int64 = 1 << 32

    /// The raw 64-bit value: seconds of the era in the high half, fraction in the low half.
    public var rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(seconds: UInt32, fraction: UInt32) {
        rawValue = UInt64(seconds) << 32 | UInt64(fraction)
    }

    /// Zero means "not set" on the wire (a server never sends it as a real time).
    public static let zero = NTPTimestamp(rawValue: 0)

    public var seconds: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 32) }
    public var fraction: UInt32 { UInt32(truncatingIfNeeded: rawValue) }

    /// The timestamp of a Unix time in nanoseconds, in whatever era that time falls.
    public init(unixNanoseconds: Int64) {
        let (wholeSeconds, nanoseconds) = unixNanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        // Floor division, so times before 1970 (tests) keep a fraction in [0, 1).
        let seconds = nanoseconds < 0 ? wholeSeconds - 1 : wholeSeconds
        let subsecond = nanoseconds < 0 ? nanoseconds + 1_000_000_000 : nanoseconds
        let eraSeconds = UInt32(truncatingIfNeeded: seconds + Self.secondsFrom1900To1970)
        // Round to the nearest 2^-32 s; a fraction that rounds up to a whole second carries over.
        let scaled = (UInt64(subsecond) << 32 + 500_000_000) / 1_000_000_000
        self.init(rawValue: (UInt64(eraSeconds) << 32) &+ scaled)
    }

    /// The Unix time in nanoseconds this timestamp means, in the era that puts it nearest `reference`
    /// (also Unix nanoseconds). See the type's comment on eras.
    public func unixNanoseconds(near reference: Int64) -> Int64 {
        // Chosen in whole seconds (no overflow for any reference), then converted.
        let referenceSeconds = reference / 1_000_000_000
        let era = (referenceSeconds + Self.secondsFrom1900To1970) >> 32  // Arithmetic shift: floor division.
        let unixSeconds = [era - 1, era, era + 1]
            .map { $0 * Self.secondsPerEra + Int64(seconds) - Self.secondsFrom1900To1970 }
            .min { ($0 - referenceSeconds).magnitude < ($1 - referenceSeconds).magnitude }!
        let fractionNanoseconds = Int64((UInt64(fraction) * 1_000_000_000 + (1 << 31)) >> 32)
        let (whole, overflow) = unixSeconds.multipliedReportingOverflow(by: 1_000_000_000)
        // Only a reference beyond the year 2262 gets here; the local clock is never that far off.
        guard !overflow else { return unixSeconds < 0 ? .min : .max }
        return whole.addingReportingOverflow(fractionNanoseconds).overflow ? .max : whole + fractionNanoseconds
    }

    /// `seconds.fraction` in hexadecimal, as packet dumps print it.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
