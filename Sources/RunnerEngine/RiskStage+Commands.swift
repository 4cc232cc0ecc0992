import RunnerBus
import RunnerCore
import RunnerRisk

extension RiskStage {
    /// Applies an operator's command and says what it did. Every command but `status` is journaled with
    /// its reason and origin.
    func apply(_ command: EngineCommand, now: Int64) async -> String {
        if command.kind != .status {
            book.alert("warning", "command \(command.kind.rawValue) from \(command.origin): " + command.reason, at: now)
        }
        var message: String
        do {
            switch command.kind {
            case .status:
                message = "status"
            case .halt:
                try gate.halt(.command)
                message = "halted: no new risk; working orders cancelled"
            case .reduce:
                try gate.reduceOnly()
                message = "reduce-only: only reductions pass; working orders cancelled"
            case .resume:
                try gate.resume()
                message = "resumed: trading is active"
            case .kill:
                message = await kill(command, now: now)
            case .flatten:
                // The gate holds the halt in memory even when it cannot be saved: flatten regardless.
                var saveFailure: (any Error)?
                do { try gate.halt(.command) } catch { saveFailure = error }
                await journalStateChange(now: now)
                let sent = await flatten(now: now)
                message = "flattening: working orders cancelled, \(sent) closing orders sent; trading halted"
                if let saveFailure { throw saveFailure }
            }
        } catch {
            // The gate holds the new state in memory and fails closed; the operator must hear the save failed.
            message = "\(command.kind.rawValue) applied (\(gate.state.mode.rawValue) in memory), but the trading state "
                + "could not be saved, so a restart would not know it: \(error)"
        }
        await journalStateChange(now: now)
        return message
    }

    /// The kill switch: halted first (and saved, so a restart comes up halted), everything scheduled and
    /// working stopped, then the broker stage cancels and closes everything at the broker and confirms.
    func kill(_ command: EngineCommand, now: Int64) async -> String {
        var saveFailure: (any Error)?
        do { try gate.halt(.killSwitch) } catch { saveFailure = error }
        await journalStateChange(now: now)
        await bus.publish(.stopTrading(at: now))
        lastKill = nil
        await bus.publish(.killAtBroker(at: now))
        // Every strategy's intent is now flat: later targets are decided afresh (and, while halted, only
        // reductions pass).
        for key in approvedSizes.keys { approvedSizes[key] = 0 }
        lastIntent.removeAll()
        let outcome = lastKill.map(\.description) ?? "the broker stage did not answer"
        let message = "killed: trading halted (kill switch); " + outcome
            + (saveFailure.map { "; the halted state could not be saved, so a restart would not know it: \($0)" } ?? "")
        book.raise(.kill, .critical, "kill switch from \(command.origin) (\(command.reason)): " + message, at: now)
        return message
    }

    /// Stops trading (working orders cancelled, slices dropped), then closes every position with a flat
    /// target the gate judges as a reduction, routed at once. Returns how many closing orders went out.
    func flatten(now: Int64) async -> Int {
        await bus.publish(.stopTrading(at: now))
        var session: RiskSession?
        let before = book.summary.childOrdersSent
        for position in book.ledger.positions where position.quantity != 0 {
            let symbol = position.symbol
            let target = TargetPosition(
                strategy: "flatten", symbol: symbol, side: .flat, size: 0, confidence: 1, decisionTime: now,
                referencePrice: book.market.lastPrice(symbol) ?? .nan, stopDistance: nil)
            let current = session ?? openSession()
            session = current
            let decision = current.evaluate(target)
            book.summary.targets += 1
            journal(target, decision, now: now)
            // Every strategy's intent on the symbol is now flat: later targets are decided afresh (and, while
            // halted, only reductions pass).
            for key in approvedSizes.keys where key.symbol == symbol { approvedSizes[key] = 0 }
            lastIntent = lastIntent.filter { $0.key.symbol != symbol }
            guard decision.isApproved else {
                book.alert("critical", "flatten: the gate refused to close \(symbol): "
                    + (decision.denial.map { "\($0.code.rawValue)" } ?? "?"), at: now)
                continue
            }
            await bus.publish(.decision(decision, route: .immediately, at: now))
        }
        return book.summary.childOrdersSent - before
    }
}
