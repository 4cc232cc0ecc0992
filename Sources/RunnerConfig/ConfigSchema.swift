/// What a value in a config file may be. The loaders read keys through these descriptions, and the
/// JSON Schema and the config reference are generated from them, so the three cannot drift apart.
public indirect enum ValueShape: Sendable, Hashable {
    /// Free text.
    case string
    /// A ticker such as `AAPL`.
    case symbol
    /// A name made of letters, digits and `_`.
    case identifier
    /// A whole number from `minimum` to `maximum`, both included.
    case integer(minimum: Int, maximum: Int)
    /// `1%` or `0.01`, at most `maximumPercent` percent; 0% only when `allowsZero` (a zero limit, stop or
    /// share that would mean nothing, or stop everything, is refused when the file loads).
    case ratio(maximumPercent: Double, allowsZero: Bool)
    /// `2bps`, `0.02%` or `0.0002`: from 0 to 10000bps (100%).
    case basisPoints
    /// A plain number such as `10`, `-2` or `0.5` (a strategy parameter's value).
    case number
    /// `250ms`, `30s`, `5m`, `1h`, `1d`.
    case duration
    /// `1000000 USD`: at most ``ConfigDefaults/maximumMoney``, and above 0 unless `allowsZero`.
    case money(allowsZero: Bool)
    /// One of a fixed set of words.
    case choice([String])
    /// An expression of the strategy language with a number result.
    case numberExpression
    /// An expression of the strategy language with a boolean result.
    case booleanExpression
    /// A path relative to the config root.
    case path
    /// `host:port`.
    case address
    /// The name of an environment variable that holds a credential (`ALPACA_KEY_ID`), never the credential.
    case environmentVariable
    /// `max`, or a multiple of real time such as `10x`.
    case replaySpeed
    /// An IANA time zone name such as `America/New_York`.
    case timeZone
    /// A local time of day on the 24-hour clock, `HH:MM`, such as `09:30`.
    case timeOfDay
    /// Text with a grammar of its own, such as `5% of 1m volume` or `redis://host:6379`.
    case pattern(_ name: String, example: String)
    /// A list of values of one shape.
    case list(ValueShape)
    /// A mapping with fixed keys.
    case object([KeySpec])
    /// A mapping whose keys the user names (`sectors: {AAPL: technology}`).
    case dictionary(keyName: String, value: ValueShape)
    /// Either of two shapes (`bus: memory` or `bus: {url: ...}` style choices).
    case either(ValueShape, ValueShape)
}

/// One key of a config mapping: its name, shape, whether it is required, default and meaning.
public struct KeySpec: Sendable, Hashable {
    public enum Requirement: Sendable, Hashable {
        case required
        /// Optional; `defaultValue` is how the default reads in the docs ("5s", "none").
        case optional(defaultValue: String)
    }

    public var name: String
    public var shape: ValueShape
    public var requirement: Requirement
    public var summary: String

    public init(_ name: String, _ shape: ValueShape, _ requirement: Requirement = .required, _ summary: String) {
        self.name = name
        self.shape = shape
        self.requirement = requirement
        self.summary = summary
    }

    public var isRequired: Bool { requirement == .required }
}

/// The three kinds of config file and the folder each lives in.
public enum ConfigFileKind: String, Sendable, CaseIterable {
    case strategy
    case limits
    case environment

    /// `strategies`, `limits` or `environments`.
    public var folder: String {
        switch self {
        case .strategy: "strategies"
        case .limits: "limits"
        case .environment: "environments"
        }
    }
}
