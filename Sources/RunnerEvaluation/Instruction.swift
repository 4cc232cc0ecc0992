import RunnerExpressions

/// One step of an ``EvaluationProgram``. Operands and results are slot indices into the state's value
/// array; booleans are stored as 1 (true), 0 (false) or NaN (unknown, e.g. during warm-up).
enum Instruction: Sendable, Hashable {
    case field(BarField, into: Int)
    /// Reads the strategy's own position as the state holds it before the bar's decision.
    case position(PositionField, into: Int)
    case constant(Double, into: Int)
    /// Feeds indicator `instance` with the values of `first` and `second` (-1 when unused).
    case updateIndicator(instance: Int, first: Int, second: Int)
    case readIndicator(instance: Int, output: Int, into: Int)
    case unary(UnaryOperator, Int, into: Int)
    case binary(BinaryOperator, Int, Int, into: Int)
    case function(BuiltinFunction, Int, Int, Int, into: Int)
    /// Appends the value of `slot` to `history`, for look-backs and crossings.
    case record(slot: Int, history: Int)
    case lookBack(history: Int, offset: Int, into: Int)
    case crosses(above: Bool, first: Int, second: Int, into: Int)
}

/// The fields of a bar an expression can read by name.
public enum BarField: String, Sendable, Hashable, CaseIterable {
    case open, high, low, close, volume
}

/// What an expression can read of the strategy's own position (its intent, never the account's fills).
public enum PositionField: String, Sendable, Hashable, CaseIterable {
    /// Signed shares the strategy holds: positive long, negative short, 0 flat.
    case position
    /// Completed bars of the strategy's timeframe since the entry decision; 0 when flat.
    case barsInPosition = "bars_in_position"
    /// The close the entry decision saw; NaN when flat.
    case entryPrice = "entry_price"
}

/// The pure functions of the expression language.
enum BuiltinFunction: String, Sendable, Hashable {
    case abs, min, max, clamp, sign, log, sqrt
}
