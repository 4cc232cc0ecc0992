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
        if var held = state.held {
            held.barsHeld += 1
            state.held = held
            let long = held.side == .long
            let opposite = holds(long ? strategy.enterShort : strategy.enterLong)
            if let maxBars = strategy.exits.maxBars, held.barsHeld >= maxBars {
                reasons.append(ProtectiveExit.maxBars.rawValue)
            } else if holds(long ? strategy.exitLong : strategy.exitShort) {
                reasons.append(long ? "exit_long" : "exit_short")
            }
            if !reasons.isEmpty || opposite {
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
                    state.held = entry(side, size: size, price: bar.close, at: decisionTime, strategy: strategy,
                                       evaluation: evaluation)
                    reasons.append(long ? "enter_long" : "enter_short")
                }
            }
        }
        state.exitedSide = nil
        // Held or changed: the journal keeps the position (its bar count moves every decision).
        if wasHolding || state.held != nil { note(state, strategy: strategy, symbol: symbol) }
        let held = state.held
        let stopDistance = stop.isFinite && stop > 0 ? stop : held?.stopLoss.map { abs(held!.entryPrice - $0) }
        return TargetPosition(
            strategy: strategy.name, symbol: symbol, side: held?.side ?? .flat, size: held?.size ?? 0,
            confidence: confidence(evaluation, strategy), decisionTime: decisionTime, referencePrice: bar.close,
            stopDistance: stopDistance, reason: reasons.isEmpty ? "hold" : reasons.joined(separator: ", "))
    }

    /// A new position, its protective levels measured now.
    private func entry(
        _ side: Side, size: Int64, price: Double, at time: Int64, strategy: CompiledStrategy, evaluation: EvaluationState
    ) -> StrategyPosition {
        func distance(_ level: ProtectiveExits.Level?) -> Double? {
            let value: Double? = switch level {
            case .distance(let slot): evaluation.value(slot: slot)
            case .fraction(let fraction): fraction * price
            case nil: nil
            }
            // An exit that is not a positive distance at the entry (an indicator still warming, a NaN) is not set.
            guard let value, value.isFinite, value > 0 else { return nil }
            return value
        }
        let direction: Double = side == .long ? 1 : -1
        return StrategyPosition(
            side: side, size: size, entryPrice: price, entryTime: time,
            stopLoss: distance(strategy.exits.stopLoss).map { price - direction * $0 },
            takeProfit: distance(strategy.exits.takeProfit).map { price + direction * $0 },
            trailingDistance: distance(strategy.exits.trailingStop))
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
        state.pendingExit = PendingExit(exit: exit, price: bar.close)
        run.pendingExits += 1
        note(state, strategy: run.strategy, symbol: symbol)
    }

    /// The flat target of a protective exit.
    func exitTarget(_ exit: PendingExit, strategy: CompiledStrategy, symbol: Symbol, at time: Int64) -> TargetPosition {
        TargetPosition(strategy: strategy.name, symbol: symbol, side: .flat, size: 0, confidence: 1, decisionTime: time,
                       referencePrice: exit.price, reason: exit.exit.rawValue)
    }

    private func note(_ state: SymbolState, strategy: CompiledStrategy, symbol: Symbol) {
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
