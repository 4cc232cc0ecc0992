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
/// engine updates that symbol's indicators and, once they are warm, emits one target. Stateless rules:
/// `flat` when the flat rule holds or when long and short both or neither hold, else the side whose
/// rule holds; a rule that is unknown (NaN) counts as not holding. Entry and exit rules hold a position
/// between them, with protective exits checked on every incoming bar (see `SignalEngine+Held.swift`).
/// Confidence is clamped to [0, 1] (NaN is 0). A size of 0 makes the target flat. Holds indicator
/// history and the strategies' own intended positions only: no fills, no cash.
public final class SignalEngine {
    let runs: [StrategyRun]
    /// Each symbol's place in every run's states, given on its first bar: one hash per bar for all
    /// strategies together.
    private var slots: [Symbol: Int] = [:]
    private let signalLog: (any SignalLog)?
    /// Held positions changed since ``takePositionChanges()`` last ran, latest per strategy and symbol.
    var positionChanges: [PositionKey: StrategyPosition?] = [:]
    /// Called with every strategy bar decided (after its expressions are stepped), for tools that show
    /// what a strategy sees (`runner compute --strategy`); nil in a run.
    public var observer: ((StrategyBarObservation) -> Void)?
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
            let closes = run.currentPeriod.map { period > $0 } ?? false
            guard closes || run.pendingExits > 0 else { continue }
            // A tick's targets are one per symbol of each strategy: sized once, not grown target by target.
            if targets.isEmpty { targets.reserveCapacity(runs.reduce(0) { $0 + $1.ordered.count }) }
            for (symbol, open) in run.ordered {
                if closes, let openPeriod = open.period, openPeriod < period {
                    if let target = close(open, run: run, symbol: symbol) { targets.append(target) }
                } else if let exit = open.pendingExit, timestamp >= exit.due {
                    // A protective exit between ticks goes out once the bar that hit it has ended, not at the
                    // end of the strategy's bar.
                    open.pendingExit = nil
                    run.pendingExits -= 1
                    let target = exitTarget(exit, strategy: run.strategy, symbol: symbol, at: timestamp)
                    noteExit(open, strategy: run.strategy, symbol: symbol)
                    targets.append(target)
                    observer?(StrategyBarObservation(strategy: run.strategy.name, symbol: symbol, barStart: timestamp,
                                                     evaluation: open.evaluation, target: target, position: nil))
                }
            }
            if closes { run.currentPeriod = period }
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
            if run.strategy.holds, state.held != nil { checkProtectiveExits(bar, state: state, run: run, symbol: bar.symbol) }
        }
    }

    /// Completes every open timeframe bar (end of data) and returns the resulting targets.
    public func finish() -> [TargetPosition] {
        var targets: [TargetPosition] = []
        for run in runs {
            for (symbol, state) in run.ordered {
                if let target = close(state, run: run, symbol: symbol) { targets.append(target) }
            }
        }
        if !targets.isEmpty { signalLog?.record(targets) }
        return targets
    }

    /// The symbol's slot, made on first use.
    func slotIndex(for symbol: Symbol) -> Int { slots[symbol] ?? addSlot(for: symbol) }

    /// A symbol's first bar: every strategy whose universe holds it starts its state.
    @discardableResult
    private func addSlot(for symbol: Symbol) -> Int {
        let slot = slots.count
        slots[symbol] = slot
        for run in runs { run.add(symbol) }
        return slot
    }

    /// A strategy bar is complete: steps its symbol's indicators and decides.
    private func close(_ state: SymbolState, run: StrategyRun, symbol: Symbol) -> TargetPosition? {
        let start = state.period.map { $0 * run.strategy.timeframe }
        let target = decide(state, run: run, symbol: symbol)
        if let observer, let start {
            observer(StrategyBarObservation(strategy: run.strategy.name, symbol: symbol, barStart: start,
                                            evaluation: state.evaluation, target: target, position: state.held))
        }
        return target
    }

    private func decide(_ state: SymbolState, run: StrategyRun, symbol: Symbol) -> TargetPosition? {
        let strategy = run.strategy
        guard let period = state.period, let bar = state.takeBar() else { return nil }
        let evaluation = state.evaluation
        evaluation.position = state.positionValues(countingBar: true)
        evaluation.step(bar)
        let decisionTime = (period + 1) * strategy.timeframe
        let pending = state.pendingExit
        if pending != nil {
            state.pendingExit = nil
            run.pendingExits -= 1
            noteExit(state, strategy: strategy, symbol: symbol)
        }
        guard evaluation.isWarm else {
            // Cold indicators (a live run that continued its journal) decide nothing by the rules; the
            // position's protective exits and its bar count go on.
            defer { state.exitedSide = nil }
            if strategy.holds, let reason = pending.map({ $0.exit }) ?? countColdBar(state, run: run, symbol: symbol) {
                return TargetPosition(strategy: strategy.name, symbol: symbol, side: .flat, size: 0, confidence: 1,
                                      decisionTime: decisionTime, referencePrice: bar.close, reason: reason.rawValue)
            }
            return nil
        }
        if strategy.holds {
            return decideHeld(state, run: run, symbol: symbol, bar: bar, decisionTime: decisionTime, pending: pending)
        }
        let holds = { (slot: Int?) in slot.map { evaluation.value(slot: $0) == 1 } ?? false }
        let (long, short) = (holds(strategy.long), holds(strategy.short))
        var side: Side = holds(strategy.flat) || long == short ? .flat : (long ? .long : .short)
        let stop = strategy.stop.map { evaluation.value(slot: $0) } ?? .nan
        var size: Int64 = 0
        if side != .flat {
            size = strategy.sizing.quantity(SizingInputs(equity: equity, referencePrice: bar.close, stopDistance: stop))
            if size == 0 { side = .flat }
        }
        state.follow(side: side, size: size, price: bar.close, at: decisionTime)
        return TargetPosition(
            strategy: strategy.name, symbol: symbol, side: side, size: size, confidence: confidence(evaluation, strategy),
            decisionTime: decisionTime, referencePrice: bar.close,
            stopDistance: stop.isFinite && stop > 0 ? stop : nil)
    }

    func confidence(_ evaluation: EvaluationState, _ strategy: CompiledStrategy) -> Double {
        let raw = strategy.confidence.map { evaluation.value(slot: $0) } ?? 1
        return raw.isNaN ? 0 : min(max(raw, 0), 1)
    }
}
/// One strategy bar as the strategy saw it: its expressions' values, the target it gave (nil while
/// warming up) and the position it holds after the decision.
public struct StrategyBarObservation {
    public var strategy: String
    public var symbol: Symbol
    /// The strategy bar's start, milliseconds since the epoch.
    public var barStart: Int64
    /// Read it during the call only: it moves on with the next bar.
    public var evaluation: EvaluationState
    public var target: TargetPosition?
    public var position: StrategyPosition?
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
    /// How many of its symbols have a protective exit waiting to go out.
    var pendingExits = 0

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

/// One symbol's evaluation state, the timeframe bar being built from incoming bars, and the position
/// the strategy holds in it.
final class SymbolState {
    let evaluation: EvaluationState
    private(set) var period: Int64?
    private var pending: BarFields?
    /// The strategy's own position (its intent); nil when flat.
    var held: StrategyPosition?
    /// A protective exit that fired on a bar, to go out at the next time.
    var pendingExit: PendingExit?
    /// A side the strategy left on the strategy bar being built: not entered again on that bar's decision.
    var exitedSide: Side?
    /// The start of the latest incoming bar, and the shortest spacing seen between two: the data's bar length.
    private(set) var lastBarTimestamp: Int64?
    private(set) var barLength: Int64?

    init(evaluation: EvaluationState) { self.evaluation = evaluation }

    func add(_ bar: Bar, period: Int64) {
        if let last = lastBarTimestamp, bar.timestamp > last {
            barLength = min(barLength ?? .max, bar.timestamp - last)
        }
        lastBarTimestamp = bar.timestamp
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
