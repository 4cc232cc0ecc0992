import RunnerCore
import RunnerEvaluation
import RunnerIndicators

/// The signal engine stage: bars in, target positions out.
///
/// Each strategy sees the bars of its universe aggregated into its timeframe (a bar's timestamp is its
/// start). Bars arrive in time order; when the first bar of a later period arrives for any symbol of a
/// strategy, every symbol's bar of the earlier period is complete: that is the decision tick, and its
/// targets come out together, in symbol order (``finish()`` completes the last period). A symbol with no
/// bar in a period has no bar to decide on and emits nothing for that tick. On each complete bar the
/// engine updates that symbol's indicators and, once they are warm, emits one target:
/// `flat` when the flat rule holds or when long and short both or neither hold, else the side whose
/// rule holds; a rule that is unknown (NaN) counts as not holding. Confidence is clamped to [0, 1]
/// (NaN is 0). A size of 0 makes the target flat. Holds indicator history only: no fills, no cash.
public final class SignalEngine {
    private let runs: [StrategyRun]
    /// Each symbol's place in every run's states, given on its first bar: one hash per bar for all
    /// strategies together.
    private var slots: [Symbol: Int] = [:]
    private let signalLog: (any SignalLog)?
    /// Equity the sizing models use; the caller keeps it current (the engine never sees cash itself).
    public var equity: Money

    /// Whether any strategy's sizing reads ``equity`` (else the caller need not keep it current).
    public let sizesByEquity: Bool

    public init(strategies: [CompiledStrategy], equity: Money, signalLog: (any SignalLog)? = nil) {
        sizesByEquity = strategies.contains { $0.sizing.readsEquity }
        runs = strategies.map(StrategyRun.init)
        self.equity = equity
        self.signalLog = signalLog
    }

    /// Consumes one bar; returns the targets of the timeframe bars it completed: ``advance(to:)`` at the
    /// bar's time, then ``ingest(_:)``.
    public func process(_ bar: Bar) -> [TargetPosition] {
        let targets = advance(to: bar.timestamp)
        ingest(bar)
        return targets
    }

    /// Time has reached `timestamp`: every strategy period that ended by then is complete, for all of the
    /// strategy's symbols together (one decision tick). Returns the targets of those ticks, before any bar
    /// of `timestamp` is seen, so a decision never knows a price of its own tick's later bars.
    public func advance(to timestamp: Int64) -> [TargetPosition] {
        var targets: [TargetPosition] = []
        for run in runs {
            let period = floorDivide(timestamp, run.strategy.timeframe)
            guard let current = run.currentPeriod, period > current else { continue }
            // A tick's targets are one per symbol of each strategy: sized once, not grown target by target.
            if targets.isEmpty { targets.reserveCapacity(runs.reduce(0) { $0 + $1.ordered.count }) }
            for (symbol, open) in run.ordered {
                guard let openPeriod = open.period, openPeriod < period,
                    let target = close(open, strategy: run.strategy, symbol: symbol)
                else { continue }
                targets.append(target)
            }
            run.currentPeriod = period
        }
        if !targets.isEmpty { signalLog?.record(targets) }
        return targets
    }

    /// Adds a bar to its strategies' open periods (call ``advance(to:)`` with its time first).
    public func ingest(_ bar: Bar) {
        let slot = slots[bar.symbol] ?? addSlot(for: bar.symbol)
        for run in runs {
            guard let state = run.states[slot] else { continue }
            let period = floorDivide(bar.timestamp, run.strategy.timeframe)
            run.currentPeriod = max(run.currentPeriod ?? period, period)
            state.add(bar, period: period)
        }
    }

    /// Completes every open timeframe bar (end of data) and returns the resulting targets.
    public func finish() -> [TargetPosition] {
        var targets: [TargetPosition] = []
        for run in runs {
            for (symbol, state) in run.ordered {
                if let target = close(state, strategy: run.strategy, symbol: symbol) { targets.append(target) }
            }
        }
        if !targets.isEmpty { signalLog?.record(targets) }
        return targets
    }

    /// A symbol's first bar: every strategy whose universe holds it starts its state.
    private func addSlot(for symbol: Symbol) -> Int {
        let slot = slots.count
        slots[symbol] = slot
        for run in runs { run.add(symbol) }
        return slot
    }

    private func close(_ state: SymbolState, strategy: CompiledStrategy, symbol: Symbol) -> TargetPosition? {
        guard let period = state.period, let bar = state.takeBar() else { return nil }
        let evaluation = state.evaluation
        evaluation.step(bar)
        guard evaluation.isWarm else { return nil }
        let holds = { (slot: Int?) in slot.map { evaluation.value(slot: $0) == 1 } ?? false }
        let (long, short) = (holds(strategy.long), holds(strategy.short))
        var side: Side = holds(strategy.flat) || long == short ? .flat : (long ? .long : .short)
        let rawConfidence = strategy.confidence.map { evaluation.value(slot: $0) } ?? 1
        let confidence = rawConfidence.isNaN ? 0 : min(max(rawConfidence, 0), 1)
        var size: Int64 = 0
        let stop = strategy.stop.map { evaluation.value(slot: $0) } ?? .nan
        if side != .flat {
            size = strategy.sizing.quantity(SizingInputs(equity: equity, referencePrice: bar.close, stopDistance: stop))
            if size == 0 { side = .flat }
        }
        return TargetPosition(
            strategy: strategy.name, symbol: symbol, side: side, size: size, confidence: confidence,
            decisionTime: (period + 1) * strategy.timeframe, referencePrice: bar.close,
            stopDistance: stop.isFinite && stop > 0 ? stop : nil)
    }
}

/// Division rounding toward negative infinity, so bars before 1970 still land in the right period.
func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
}

/// One strategy's states: by the engine's symbol slot (nil outside its universe), and in symbol order,
/// the order a tick's targets come out in. A class, so the per-bar path changes it in place.
final class StrategyRun {
    let strategy: CompiledStrategy
    private(set) var states: [SymbolState?] = []
    private(set) var ordered: [(symbol: Symbol, state: SymbolState)] = []
    /// The latest period the strategy has seen a bar of.
    var currentPeriod: Int64?

    init(_ strategy: CompiledStrategy) { self.strategy = strategy }

    /// The next slot's symbol.
    func add(_ symbol: Symbol) {
        guard strategy.universe.contains(symbol) else {
            states.append(nil)
            return
        }
        let state = SymbolState(evaluation: strategy.program.makeState())
        states.append(state)
        let index = ordered.firstIndex { symbol < $0.symbol } ?? ordered.count
        ordered.insert((symbol, state), at: index)
    }
}

/// One symbol's evaluation state and the timeframe bar being built from incoming bars.
final class SymbolState {
    let evaluation: EvaluationState
    private(set) var period: Int64?
    private var pending: BarFields?

    init(evaluation: EvaluationState) { self.evaluation = evaluation }

    func add(_ bar: Bar, period: Int64) {
        if var open = pending, self.period == period {
            open.high = max(open.high, bar.high)
            open.low = min(open.low, bar.low)
            open.close = bar.close
            open.volume += bar.volume
            pending = open
        } else {
            self.period = period
            pending = BarFields(timestamp: bar.timestamp, open: bar.open, high: bar.high, low: bar.low,
                                close: bar.close, volume: bar.volume)
        }
    }

    /// The completed bar, leaving nothing pending.
    func takeBar() -> BarFields? {
        defer { pending = nil }
        return pending
    }
}
