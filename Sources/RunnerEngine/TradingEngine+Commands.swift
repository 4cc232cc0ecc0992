import Foundation
import RunnerCore
import RunnerRisk
import RunnerRouting

extension TradingEngine {
    /// Applies the commands waiting in the inbox (between events).
    public func applyCommands() async {
        for (command, answer) in inbox.take() { answer(await apply(command)) }
    }

    /// Applies one command and says what it did.
    public func apply(_ command: EngineCommand) async -> EngineReply {
        let now = time.nowMilliseconds
        if command.kind != .status {
            journal?.record(.alert(level: "warning", message: "command \(command.kind.rawValue) from \(command.origin): "
                + command.reason, at: now))
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
        return EngineReply(accepted: true, message: message, status: status)
    }

    /// Cancels everything working, then closes every position with a flat target the gate judges as a
    /// reduction, sent directly. Returns how many closing orders went out.
    func flatten(now: Int64) async -> Int {
        await stopTrading(now: now)
        var session: RiskSession?
        var sent = 0
        for position in ledger.positions where position.quantity != 0 {
            let symbol = position.symbol
            let target = TargetPosition(
                strategy: "flatten", symbol: symbol, side: .flat, size: 0, confidence: 1, decisionTime: now,
                referencePrice: market.lastPrice(symbol) ?? .nan, stopDistance: nil)
            let current = session ?? openSession()
            session = current
            let decision = current.evaluate(target)
            summary.targets += 1
            journal(target, decision, now: now)
            // Every strategy's intent on the symbol is now flat: later targets are decided afresh (and, while
            // halted, only reductions pass).
            for key in approvedSizes.keys where key.symbol == symbol { approvedSizes[key] = 0 }
            lastIntent = lastIntent.filter { $0.key.symbol != symbol }
            guard case .approved(let approved) = decision else {
                journal?.record(.alert(level: "critical", message: "flatten: the gate refused to close \(symbol): "
                    + (decision.denial.map { "\($0.code.rawValue)" } ?? "?"), at: now))
                continue
            }
            let before = summary.childOrdersSent
            await route(approved, now: now, directly: true)
            await release(now: now)
            sent += summary.childOrdersSent - before
        }
        return sent
    }

    /// The run as it stands.
    public var status: EngineStatus {
        markAll()
        let equity = ledger.equity
        return EngineStatus(
            environment: environment, tradingState: gate.state,
            positions: ledger.positions.filter { $0.quantity != 0 }.map {
                EngineStatus.Position(symbol: $0.symbol, quantity: $0.quantity, averageCost: $0.averageCost)
            },
            workingOrders: orders.allIDs.compactMap { orders[$0] }.map {
                EngineStatus.WorkingOrder(order: $0.order, status: $0.status, remaining: $0.remainingQuantity)
            },
            scheduledSlices: router.pendingCount, equity: equity,
            dayPnL: Money(equity.amount - ledger.startOfDayEquity.amount, equity.currency),
            lastEventTime: lastEventTime)
    }
}
