/// What a parameter of a function accepts.
public enum ParameterKind: Sendable, Hashable {
    /// Any number expression, evaluated on every bar (`close`, `fast - slow`, `rsi(close, 14)`).
    case series
    /// An integer literal of at least `minimum`, fixed for the whole run (a period: `14`).
    case integerConstant(minimum: Int)
    /// A number literal, possibly negated, fixed for the whole run (a deviation: `2`, `-0.5`).
    case numberConstant

    /// True for the constant kinds, whose argument must be a literal.
    public var isConstant: Bool { self != .series }
}

/// The parameters, result and documentation of one function or indicator the expressions can call.
public struct FunctionSignature: Sendable, Hashable, CustomStringConvertible {
    /// One parameter: its name (used in messages and docs), what it accepts, and its default if any.
    public struct Parameter: Sendable, Hashable, CustomStringConvertible {
        /// The name shown in messages and docs, such as `period`.
        public var name: String
        /// What the argument may be.
        public var kind: ParameterKind
        /// The value used when the argument is left out; only trailing parameters may have one.
        public var defaultValue: Double?

        /// A parameter called `name` of the given kind, optional when `defaultValue` is set.
        public init(_ name: String, _ kind: ParameterKind, defaultValue: Double? = nil) {
            self.name = name
            self.kind = kind
            self.defaultValue = defaultValue
        }

        /// `period` or, with a default, `period = 14`.
        public var description: String {
            guard let defaultValue else { return name }
            return "\(name) = \(ExpressionNode.format(defaultValue, isInteger: defaultValue.rounded() == defaultValue))"
        }

        /// The name as words for a sentence: `fast_period` reads `fast period`.
        var spokenName: String { name.split(separator: "_").joined(separator: " ") }
    }

    /// The name used to call it, such as `ema`.
    public var name: String
    /// The parameters in call order.
    public var parameters: [Parameter]
    /// The type of the call's value.
    public var result: ValueType
    /// One line for docs and the config schema.
    public var summary: String
    /// True for a stateful indicator that keeps history between bars (`ema`), false for a pure function (`abs`).
    public var isIndicator: Bool

    /// The longest window (period or look-back) an expression may ask for: TA-Lib's own limit, and a
    /// bound on the memory one indicator can take.
    public static let maximumWindow = 100_000

    /// A signature; see the properties for the meaning of each part.
    public init(name: String, parameters: [Parameter], result: ValueType, summary: String, isIndicator: Bool) {
        self.name = name
        self.parameters = parameters
        self.result = result
        self.summary = summary
        self.isIndicator = isIndicator
    }

    /// How many arguments a call needs at least: the parameters before the first one with a default.
    public var minimumArgumentCount: Int {
        parameters.firstIndex { $0.defaultValue != nil } ?? parameters.count
    }

    /// `ema(series, period) -> number`, `rsi(series, period = 14) -> number`.
    public var description: String {
        "\(name)(\(parameters.map(\.description).joined(separator: ", "))) -> \(result)"
    }

    /// `2 arguments (series, period)`, `1 to 2 arguments (series, period = 14)`, `no arguments`.
    public var argumentCountDescription: String {
        let maximum = parameters.count
        let minimum = minimumArgumentCount
        if maximum == 0 { return "no arguments" }
        let count =
            minimum == maximum
            ? "\(maximum) argument\(maximum == 1 ? "" : "s")"
            : minimum == 0
                ? "at most \(maximum) argument\(maximum == 1 ? "" : "s")"
                : "\(minimum) to \(maximum) arguments"
        return "\(count) (\(parameters.map(\.description).joined(separator: ", ")))"
    }

    /// For each parameter, the constant argument's value or else the parameter's default: what a later stage
    /// needs to build the indicator (`rsi(close)` gives `[nil, 14]`). Series parameters give nil.
    public func constantArguments(_ arguments: [ExpressionNode]) -> [Double?] {
        parameters.indices.map { index in
            guard parameters[index].kind.isConstant else { return nil }
            return index < arguments.count ? arguments[index].literalNumber : parameters[index].defaultValue
        }
    }
}
