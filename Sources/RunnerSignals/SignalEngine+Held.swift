import RunnerCore
import RunnerEvaluation
import RunnerIndicators

/// The held form: entries open a position, held until its exit rule, the opposite entry or a protective
/// exit closes it.
///
/// At each decision, for a position held at the start of the strategy bar: `max_bars` reached, then the
/// exit rule, then the opposite entry close it (the opposite entry then opens the other side: a
/// reversal). A flat strategy enters on `enter_long` or `enter_short` when exactly one holds, never on
/// the side it left during this bar. The size is the sizing model's at the entry and is held.
/// Protective exits (stop loss, take profit, trailing stop) are checked on every bar as it arrives; one
/// that fires makes the strategy flat at once and goes out at the next time.
extension SignalEngine {
    func decideHeld(
        _ state: SymbolState, run: StrategyRun, symbol: Symbol, bar: BarFields, decisionTime: Int64,
        pending: PendingExit?
    ) -> TargetPosition {
        let strategy = run.strategy
        let evaluation = state.evaluation
        let holds = { (slot: Int?) in slot.map { evaluation.value(slot: $0) == 1 } ?? false }
        var reasons = pending.map { [$0.exit.rawValue] } ?? []
        let wasHolding = state.held != nil
        var reversing: String?
        if var held = state.held {
            held.barsHeld += 1
            state.held = held
            let long = held.side == .long
            // The opposite entry closes the position, unless this side's entry holds too (then neither is clear).
            let opposite = holds(long ? strategy.enterShort : strategy.enterLong)
                && !holds(long ? strategy.enterLong : strategy.enterShort)
            if let maxBars = strategy.exits.maxBars, held.barsHeld >= maxBars {
                reasons.append(ProtectiveExit.maxBars.rawValue)
            } else if holds(long ? strategy.exitLong : strategy.exitShort) {
                reasons.append(long ? "exit_long" : "exit_short")
            } else if opposite {
                reversing = long ? "enter_short" : "enter_long"
            }
            if !reasons.isEmpty || reversing != nil {
                state.exitedSide = held.side
                state.held = nil
            }
        }
        let stop = strategy.stop.map { evaluation.value(slot: $0) } ?? .nan
        if state.held == nil {
            let long = state.exitedSide != .long && holds(strategy.enterLong)
            let short = state.exitedSide != .short && holds(strategy.enterShort)
            if long != short {
                let side: Side = long ? .long : .short
                let size = strategy.sizing.quantity(SizingInputs(equity: equity, referencePrice: bar.close, stopDistance: stop))
                if size > 0 {
                    let (position, unset) = entry(side, size: size, price: bar.close, at: decisionTime, strategy: strategy,
                                                  evaluation: evaluation)
                    state.held = position
                    reasons.append(long ? "enter_long" : "enter_short")
                    // An exit the file asks for that could not be measured leaves the position without it: said.
                    reasons += unset.map { "\($0.rawValue) not set" }
                    reversing = nil
                }
            }
        }
        // A reversal whose new side got no size only closed the position.
        if let reversing { reasons.append("\(reversing) (no size)") }
        state.exitedSide = nil
        // Held or changed: the journal keeps the position (its bar count moves every decision).
        if wasHolding || state.held != nil { note(state, strategy: strategy, symbol: symbol) }
        let held = state.held
        // The gate measures position risk at the sizing stop, else at the protective stop set at the entry.
        var stopDistance: Double? = stop.isFinite && stop > 0 ? stop : nil
        if stopDistance == nil, let held, let level = held.stopLoss { stopDistance = abs(held.entryPrice - level) }
        return TargetPosition(
            strategy: strategy.name, symbol: symbol, side: held?.side ?? .flat, size: held?.size ?? 0,
            confidence: confidence(evaluation, strategy), decisionTime: decisionTime, referencePrice: bar.close,
            stopDistance: stopDistance, reason: reasons.isEmpty ? "hold" : reasons.joined(separator: ", "))
    }

    /// A new position, its protective levels measured now; the exits asked for that could not be measured.
    private func entry(
        _ side: Side, size: Int64, price: Double, at time: Int64, strategy: CompiledStrategy, evaluation: EvaluationState
    ) -> (StrategyPosition, unset: [ProtectiveExit]) {
        var unset: [ProtectiveExit] = []
        func distance(_ level: ProtectiveExits.Level?, _ exit: ProtectiveExit) -> Double? {
            let value: Double? = switch level {
            case .distance(let slot): evaluation.value(slot: slot)
            case .fraction(let fraction): fraction * price
            case nil: nil
            }
            guard let value else { return nil }
            // Not a positive distance at the entry (a NaN, a negative value): the position goes without it.
            guard value.isFinite, value > 0 else {
                unset.append(exit)
                return nil
            }
            return value
        }
        let direction: Double = side == .long ? 1 : -1
        let position = StrategyPosition(
            side: side, size: size, entryPrice: price, entryTime: time,
            stopLoss: distance(strategy.exits.stopLoss, .stopLoss).map { price - direction * $0 },
            takeProfit: distance(strategy.exits.takeProfit, .takeProfit).map { price + direction * $0 },
            trailingDistance: distance(strategy.exits.trailingStop, .trailingStop))
        return (position, unset)
    }

    /// A bar of a held position decided on cold indicators: counted, and closed at `max_bars`.
    func countColdBar(_ state: SymbolState, run: StrategyRun, symbol: Symbol) -> ProtectiveExit? {
        guard var held = state.held else { return nil }
        held.barsHeld += 1
        state.held = held
        note(state, strategy: run.strategy, symbol: symbol)
        guard let maxBars = run.strategy.exits.maxBars, held.barsHeld >= maxBars else { return nil }
        state.held = nil
        note(state, strategy: run.strategy, symbol: symbol)
        return .maxBars
    }

    /// Checks a held position's stops and take profit against a bar as it arrives.
    func checkProtectiveExits(_ bar: Bar, state: SymbolState, run: StrategyRun, symbol: Symbol) {
        guard let held = state.held, state.pendingExit == nil else { return }
        let (exit, after) = held.check(high: bar.high, low: bar.low)
        guard let exit else {
            // The best price moves every bar; it is journaled with the position at the next decision.
            state.held = after
            return
        }
        state.held = nil
        state.exitedSide = held.side
        // Out once the bar has ended: its start plus the symbol's bar length (the strategy's timeframe
        // until two bars have shown it). The journal keeps the position until the exit is sent.
        state.pendingExit = PendingExit(exit: exit, price: bar.close,
                                        due: bar.timestamp + min(state.barLength ?? run.strategy.timeframe, run.strategy.timeframe),
                                        position: held)
        run.pendingExits += 1
    }

    /// The journal's position closes when its exit is sent.
    func noteExit(_ state: SymbolState, strategy: CompiledStrategy, symbol: Symbol) {
        note(state, strategy: strategy, symbol: symbol)
    }

    /// The flat target of a protective exit.
    func exitTarget(_ exit: PendingExit, strategy: CompiledStrategy, symbol: Symbol, at time: Int64) -> TargetPosition {
        TargetPosition(strategy: strategy.name, symbol: symbol, side: .flat, size: 0, confidence: 1, decisionTime: time,
                       referencePrice: exit.price, reason: exit.exit.rawValue)
    }

    func note(_ state: SymbolState, strategy: CompiledStrategy, symbol: Symbol) {
        positionChanges[PositionKey(strategy: strategy.name, symbol: symbol)] = .some(state.held)
    }

    /// The held positions that changed since the last call (nil: now flat), for the journal.
    public func takePositionChanges() -> [(strategy: String, symbol: Symbol, position: StrategyPosition?)] {
        guard !positionChanges.isEmpty else { return [] }
        defer { positionChanges.removeAll(keepingCapacity: true) }
        return positionChanges.map { ($0.key.strategy, $0.key.symbol, $0.value) }
            .sorted { ($0.strategy, $0.symbol) < ($1.strategy, $1.symbol) }
    }

    /// Every held position now, by strategy and symbol.
    public var heldPositions: [(strategy: String, symbol: Symbol, position: StrategyPosition)] {
        runs.flatMap { run in
            run.ordered.compactMap { entry in entry.state.held.map { (run.strategy.name, entry.symbol, $0) } }
        }
    }

    /// Holds again what a held-form strategy held when an earlier run stopped (from the journal); entries
    /// for strategies or symbols this run does not trade are returned, not held.
    @discardableResult
    public func restore(_ positions: [(strategy: String, symbol: Symbol, position: StrategyPosition)])
        -> [(strategy: String, symbol: Symbol)]
    {
        var ignored: [(strategy: String, symbol: Symbol)] = []
        for (name, symbol, position) in positions {
            guard let run = runs.first(where: { $0.strategy.name == name && $0.strategy.holds }),
                run.strategy.universe.contains(symbol)
            else {
                ignored.append((name, symbol))
                continue
            }
            let slot = slotIndex(for: symbol)
            run.states[slot]?.held = position
        }
        return ignored
    }
}

/// A strategy and symbol, for the journal's table of held positions.
struct PositionKey: Hashable {
    var strategy: String
    var symbol: Symbol
}

/// A protective exit that fired on a bar: the strategy is flat and the target goes out at the next time.
struct PendingExit {
    var exit: ProtectiveExit
    /// The close of the bar it fired on, the target's reference price.
    var price: Double
    /// When the bar it fired on ended: the exit goes out at the first time from then.
    var due: Int64
    /// The position it closes.
    var position: StrategyPosition
}

extension SymbolState {
    /// The position as expressions read it at a decision (`countingBar`: the bar being decided counts).
    func positionValues(countingBar: Bool) -> EvaluationState.PositionValues {
        guard let held else { return EvaluationState.PositionValues() }
        return EvaluationState.PositionValues(
            signedSize: Double(held.signedSize), barsInPosition: Double(held.barsHeld + (countingBar ? 1 : 0)),
            entryPrice: held.entryPrice)
    }

    /// The stateless form's position, for its expressions: what its last target said.
    func follow(side: Side, size: Int64, price: Double, at time: Int64) {
        guard side != .flat else {
            held = nil
            return
        }
        if var position = held, position.side == side {
            position.size = size
            position.barsHeld += 1
            held = position
        } else {
            held = StrategyPosition(side: side, size: size, entryPrice: price, entryTime: time)
        }
    }
}
