import RunnerCore

/// `market_data.speed`: as fast as possible (`max`), or a multiple of real time such as `10x`.
public enum ReplaySpeed: Sendable, Hashable, CustomStringConvertible {
    case max
    /// Market time passes this many times faster than the wall clock; always above 0.
    case multiple(Double)

    /// The multiples a replay may run at: slower than a thousandth of real time or faster than a million
    /// times it means nothing, and the pacer divides market time by the multiple into a wall-clock `Duration`.
    public static let multiples: ClosedRange<Double> = 0.001...1_000_000

    /// `max`, or a multiple from 0.001x to 1000000x such as `10x` or `0.5x`; nil for anything else.
    public init?(_ text: String) {
        if text == "max" {
            self = .max
            return
        }
        guard text.hasSuffix("x"), let multiple = UnitParser.decimalNumber(String(text.dropLast())),
            Self.multiples.contains(multiple)
        else { return nil }
        self = .multiple(multiple)
    }

    /// The config spelling: `max` or `10x`.
    public var description: String {
        switch self {
        case .max: "max"
        case .multiple(let multiple):
            multiple == multiple.rounded() && abs(multiple) < 1e15 ? "\(Int64(multiple))x" : "\(multiple)x"
        }
    }
}
