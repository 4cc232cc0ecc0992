import Foundation
import RunnerBroker
import RunnerConfig
import RunnerCore
import RunnerJournal

extension Workspace {
    /// `runner preflight` with the broker: after the checks of ``preflight(requestedEnvironment:processEnvironment:)``
    /// pass, a real broker is connected (credentials, logon) and read as `runner run` reads it before its
    /// first order: the account, positions that must agree with the journal's, and open orders this
    /// environment did not send (what `reconciliation.unknown_orders` will do with them). Reads only, and
    /// logs out. A broker that cannot be reached, or positions that disagree, refuse the start: status 3
    /// for a live environment, as the live guard's refusals.
    public func preflightWithBroker(requestedEnvironment: String?, processEnvironment: [String: String]) async
        -> CommandOutput
    {
        var output = preflight(requestedEnvironment: requestedEnvironment, processEnvironment: processEnvironment)
        let name = LiveGuard.selectedEnvironment(processEnvironment: processEnvironment, requested: requestedEnvironment)
        guard output.exitCode == .success, let environment = load(environment: name).environments[name],
            environment.broker.adapter.value != "paper"
        else { return output }
        do {
            output.standardOutput += try await brokerCheck(environment, processEnvironment: processEnvironment)
        } catch {
            output.standardError += "preflight: refusing to start environment '\(environment.name)' "
                + "(mode: \(environment.mode.value.rawValue)):\n  - \(error)\n"
            output.exitCode = environment.mode.value == .live ? .liveGuardRefused : .notRunnable
        }
        return output
    }

    private func brokerCheck(_ environment: EnvironmentConfig, processEnvironment: [String: String]) async throws -> String {
        let paths = RunPaths(root: root, environment: environment)
        guard let broker = try await inspectedBroker(environment, paths: paths, processEnvironment: processEnvironment),
            let connected = broker.adapter as? any ConnectedBrokerAdapter
        else { throw RunError("the '\(environment.broker.adapter.value)' broker adapter cannot be reached in this version") }
        do {
            let account = try await connected.account()
            let open = try await connected.openOrders()
            let journaled: [Symbol: Int64]
            if case .journal = SQLiteJournal.inspect(path: paths.journal) {
                journaled = try SQLiteJournal.reconciliationSnapshot(path: paths.journal).positions.filter { $0.value != 0 }
            } else {
                journaled = [:]
            }
            await connected.disconnect()
            let held = account.positions.filter { $0.value != 0 }
            if held != journaled {
                throw RunError("the broker holds " + Self.positionsText(held) + " but the journal (\(paths.journal)) expects "
                    + Self.positionsText(journaled) + ": flatten at the broker (`runner kill`) or find the cause first")
            }
            var lines = "broker: connected ('\(environment.broker.adapter.value)'), cash \(account.cash), positions "
                + Self.positionsText(held) + " as the journal expects\n"
            if !open.isEmpty {
                lines += "broker: \(open.count) open orders the run did not send, which it will "
                    + "\(environment.reconciliation.unknownOrders.rawValue) (reconciliation.unknown_orders): "
                    + open.map(\.order.clientOrderID).joined(separator: ", ") + "\n"
            }
            return lines
        } catch {
            await connected.disconnect()
            throw error
        }
    }

    static func positionsText(_ positions: [Symbol: Int64]) -> String {
        positions.isEmpty ? "none" : positions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
