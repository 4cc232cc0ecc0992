/// A dimensionless fraction: 1% is `Ratio(0.01)`. Risk limits, slippage and thresholds use it.
public struct Ratio: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The fraction itself (0.01 for 1%).
    public var value: Double

    public init(_ value: Double) { self.value = value }

    public static func percent(_ percent: Double) -> Ratio { Ratio(percent / 100) }
    public static func basisPoints(_ points: Double) -> Ratio { Ratio(points / 10_000) }

    /// The value in percent (1.0 for 1%).
    public var percent: Double { value * 100 }

    /// `1%`, `0.05%`, `150%`: the shortest form that round-trips the figure.
    public var description: String { "\(Self.trim(percent))%" }

    public static func < (lhs: Ratio, rhs: Ratio) -> Bool { lhs.value < rhs.value }

    static func trim(_ number: Double) -> String {
        let rounded = (number * 1e9).rounded() / 1e9
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(rounded)
    }
}
