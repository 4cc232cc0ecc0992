import Foundation
import RunnerBus
import RunnerCore
import RunnerRisk
import RunnerRouting

extension TradingEngine {
    /// Applies the commands waiting in the inbox (between events).
    public func applyCommands() async {
        for (command, answer) in inbox.take() { answer(await apply(command)) }
    }

    /// Hands one command to the risk stage over the bus and answers with what it did and the run's status.
    public func apply(_ command: EngineCommand) async -> EngineReply {
        replies.outcome = nil
        await bus.publish(.command(command, at: time.nowMilliseconds))
        let message = replies.outcome ?? "\(command.kind.rawValue): no stage answered"
        // A kill the broker did not confirm is not done: its sender must not report success.
        let done = command.kind != .kill || risk.lastKill?.confirmedFlat == true
        return EngineReply(accepted: replies.outcome != nil && done, message: message, status: status)
    }

    /// The run as it stands.
    public var status: EngineStatus {
        book.markAll()
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

/// Collects the risk stage's answer to the command just published.
final class CommandReplies: StageConsumer {
    var outcome: String?

    func receive(_ message: StageMessage) async {
        if case .commandApplied(_, let outcome) = message { self.outcome = outcome }
    }
}
