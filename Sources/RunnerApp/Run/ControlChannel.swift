import Foundation
import RunnerBus
import RunnerControl
import RunnerCore
import RunnerEngine
import RunnerHealth

/// The control socket of a run: commands from `runner halt|reduce|resume|flatten|status` go into the
/// engine's inbox and its answers come back. Bound before the run opens its journal, so a second run of
/// the same environment is refused before it touches anything.
enum ControlChannel {
    static func server(path: String, inbox: CommandInbox, heartbeats: HeartbeatBoard? = nil,
                       heartbeatInterval: Int64? = nil) throws -> ControlServer {
        try ControlServer(path: path) { command in
            let kind = EngineCommand.Kind(command.kind)
            // The client gives up after `controlTimeout`: a command not taken by then is dropped, not applied late.
            let engineCommand = EngineCommand(kind, reason: command.reason, origin: command.origin)
            // A kill's sender waits a second before it acts without the engine: a kill not taken by then is dropped,
            // never applied after the sender flattened at the broker itself.
            let patience = command.kind == .kill ? Workspace.killEngineTimeout : Workspace.controlTimeout
            guard let reply = await inbox.send(engineCommand, patience: patience) else {
                return .refused("the run did not take the command: it is stopping, or did not get to it in time")
            }
            var status = RunStatus(reply.status)
            status.heartbeats = heartbeats?.heartbeats ?? []
            status.heartbeatInterval = heartbeatInterval
            return ControlReply(accepted: reply.accepted, message: reply.message, status: status)
        }
    }
}

extension EngineCommand.Kind {
    init(_ kind: ControlCommandKind) {
        switch kind {
        case .halt: self = .halt
        case .reduce: self = .reduce
        case .resume: self = .resume
        case .flatten: self = .flatten
        case .status: self = .status
        case .kill: self = .kill
        }
    }
}

extension RunStatus {
    init(_ status: EngineStatus) {
        self.init(
            environment: status.environment, tradingState: status.tradingState,
            positions: status.positions.map {
                Position(symbol: $0.symbol, quantity: $0.quantity, averageCost: $0.averageCost ?? 0)
            },
            workingOrders: status.workingOrders.map {
                WorkingOrder(clientOrderID: $0.order.clientOrderID, symbol: $0.order.symbol, side: $0.order.side,
                             quantity: $0.order.quantity, remaining: $0.remaining, status: $0.status)
            },
            equity: status.equity.amount, dayPnL: status.dayPnL.amount, currency: status.equity.currency,
            lastEventTime: status.lastEventTime, scheduledSlices: status.scheduledSlices)
    }
}
