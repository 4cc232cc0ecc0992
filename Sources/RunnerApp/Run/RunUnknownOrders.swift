import RunnerBroker
import RunnerBus
import RunnerConfig
import RunnerCore
import RunnerEngine

/// Open orders at the broker that this run did not send, looked for when a connected run starts and
/// whenever the broker's connection comes back, before any new order: each is reported, then cancelled,
/// adopted or refused as `reconciliation.unknown_orders` says.
struct RunUnknownOrders {
    let policy: UnknownOrderPolicy
    let environment: String
    let raise: @Sendable (OperatorAlert) -> Void

    /// What the check found and did, for the run's notes; throws when the policy refuses (at the start) or
    /// the broker cannot list or cancel them.
    func check(_ engine: TradingEngine, starting: Bool) async throws -> String? {
        let open: [BrokerOrder]
        do { open = try await engine.broker.openOrders() } catch {
            throw RunError("the broker's open orders could not be read: \(error)")
        }
        let unknown = open.filter { !engine.tracks(clientOrderID: $0.order.clientOrderID) }
        guard !unknown.isEmpty else { return nil }
        let list = unknown.map { "\($0.order.clientOrderID) (\($0.order.side.rawValue) \($0.remainingQuantity) \($0.order.symbol))" }
            .joined(separator: ", ")
        let now = engine.time.nowMilliseconds
        switch policy {
        case .refuse:
            let message = "\(unknown.count) open orders at the broker that this run did not send: \(list); "
                + "reconciliation.unknown_orders is refuse"
            raise(OperatorAlert(kind: .reconciliation, severity: .critical, message: message, environment: environment, at: now))
            if starting { throw RunError(message + ": cancel them at the broker (or `runner kill`) and start again") }
            // Sent, not awaited: the loop that would apply it is the one running this check.
            RunLiveMonitor.sendHalt(message, origin: "runner run (unknown orders)", to: engine.inbox)
            return message
        case .adopt:
            for order in unknown { engine.adopt(order) }
            let message = "adopted \(unknown.count) open orders at the broker that this run did not send: \(list)"
            raise(OperatorAlert(kind: .reconciliation, severity: .warning, message: message, environment: environment, at: now))
            return message
        case .cancel:
            var failed: [String] = []
            for order in unknown {
                do { try await engine.broker.cancel(clientOrderID: order.order.clientOrderID) } catch .unknownOrder {
                    continue  // it ended meanwhile
                } catch { failed.append("\(order.order.clientOrderID): \(error)") }
            }
            let message = "cancelled \(unknown.count - failed.count) open orders at the broker that this run did not send: \(list)"
                + (failed.isEmpty ? "" : "; could not cancel " + failed.joined(separator: "; "))
            raise(OperatorAlert(kind: .reconciliation, severity: failed.isEmpty ? .warning : .critical, message: message,
                                environment: environment, at: now))
            if !failed.isEmpty, starting { throw RunError(message) }
            return message
        }
    }
}
