import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerConfig
import RunnerCore
import RunnerJournal
import RunnerReconciliation

extension Workspace {
    /// `runner reconcile --once`: compares what the environment's broker reports with what its journal
    /// expects, prints the table per symbol and the verdict (see ``Reconciler`` for the mismatch).
    ///
    /// Reads only: the journal is opened read-only and the paper broker's book is read into memory, so a
    /// run in progress is not disturbed (it may be a batch, 50 ms, ahead of its journal). Exit status: 0
    /// clean, 7 alert, 8 flatten, 9 when no comparison could be made, 1 when the environment does not
    /// load, 4 for a broker this version cannot reach, 64 without `--once`.
    public func reconcile(requestedEnvironment: String?, processEnvironment: [String: String], once: Bool) async
        -> CommandOutput
    {
        guard once else {
            return CommandOutput(
                standardError: "reconcile: pass --once: this command compares once and exits; the continuous "
                    + "reconciliation runs inside `runner run`, every `reconciliation.interval`\n",
                exitCode: .usage)
        }
        let name = LiveGuard.selectedEnvironment(
            processEnvironment: processEnvironment, requested: requestedEnvironment)
        let configuration = load(environment: name)
        guard let environment = configuration.environments[name] else {
            return CommandOutput(
                standardOutput: render(configuration, format: .text) + "\(summary(configuration))\n",
                standardError: "reconcile: environment '\(name)' does not load\n", exitCode: .configurationErrors)
        }
        let paths = RunPaths(root: root, environment: environment)
        let adapter = environment.broker.adapter.value
        var connection: (any ConnectedBrokerAdapter)?
        do {
            let thresholds = try ReconciliationThresholds(
                alertAbove: environment.reconciliation.alertAbove, flattenAbove: environment.reconciliation.flattenAbove
            )
            let journal = try SQLiteJournal.reconciliationSnapshot(path: paths.journal)
            guard journal.environment == environment.name else {
                throw RunError(
                    "the journal at \(paths.journal) belongs to environment '\(journal.environment)', "
                        + "not '\(environment.name)'")
            }
            guard let broker = try await inspectedBroker(environment, paths: paths, processEnvironment: processEnvironment)
            else {
                return CommandOutput(
                    standardError: "reconcile: \(Self.runRefusal(environment) ?? "broker adapter '\(adapter)' cannot be reached")\n",
                    exitCode: .notRunnable)
            }
            connection = broker.adapter as? any ConnectedBrokerAdapter
            let brokerBook = try await BrokerBook.snapshot(of: broker.adapter, fillsSince: Int64.min)
            let expected = ExpectedBook(
                positions: journal.positions, fills: journal.executions,
                openOrders: journal.workingOrders.map {
                    ReconciliationOrder(
                        clientOrderID: $0.order.clientOrderID, symbol: $0.order.symbol,
                        side: $0.order.side, remainingQuantity: max(0, $0.order.quantity - $0.filledQuantity))
                })
            // The journal's last price of each symbol, else the broker's last execution of it.
            let brokerPrices = Reconciler.lastPrices(of: brokerBook.fills)
            let prices = journal.lastPrices.merging(brokerPrices) { fromJournal, _ in fromJournal }
            let account = try await broker.adapter.account()
            await connection?.disconnect()
            connection = nil
            let equity = try Self.equity(account, prices: prices)
            let report = try Reconciler.compare(
                expected: expected, broker: brokerBook, prices: prices, equity: equity, thresholds: thresholds)
            let header =
                "reconcile: environment '\(environment.name)': journal \(paths.journal) against broker "
                + "'\(adapter)' (\(broker.description))\n"
            let exitCode: RunnerExitCode =
                switch report.verdict {
                case .clean: .success
                case .alert: .reconciliationAlert
                case .flatten: .reconciliationFlatten
                }
            return CommandOutput(
                standardOutput: header + report.text(expectedSide: "journal", currency: account.cash.currency),
                exitCode: exitCode)
        } catch {
            await connection?.disconnect()
            return CommandOutput(standardError: "reconcile: \(error)\n", exitCode: .reconciliationFailed)
        }
    }

    /// The environment's broker, opened for reading only (a real one connected: reading sends no order);
    /// nil for an adapter this version cannot reach.
    func inspectedBroker(_ environment: EnvironmentConfig, paths: RunPaths, processEnvironment: [String: String]) async throws
        -> (adapter: any BrokerAdapter, description: String)?
    {
        guard environment.broker.adapter.value == "paper" else {
            guard RunAdapters.installed.runs(environment).broker else { return nil }
            let context = RunContext(environment: environment, paths: paths, clock: ManualTimeSource(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)), startingCash: Money(0, "USD"),
                                     root: root, processEnvironment: processEnvironment)
            let connected = try await Self.connect(RunAdapters.installed.broker(context), environment)
            return (connected, "the '\(environment.broker.adapter.value)' adapter, connected")
        }
        guard let startingCash = environment.account.startingEquity?.value else {
            throw RunError("\(environment.file): account.starting_equity is required for the paper broker")
        }
        let settings = Self.paperSettings(environment.broker.paper, startingCash: startingCash)
        guard let paper = try PaperBroker.inspecting(bookAt: paths.paperBook, settings: settings) else {
            throw RunError("there is no paper broker book at \(paths.paperBook): the environment has not run")
        }
        return (paper, "book \(paths.paperBook)")
    }

    /// Cash plus every position at its last price, as the broker's account holds them.
    static func equity(_ account: AccountSnapshot, prices: [Symbol: Decimal]) throws(ReconciliationError) -> Decimal {
        var equity = account.cash.amount
        for (symbol, quantity) in account.positions.sorted(by: { $0.key < $1.key }) where quantity != 0 {
            guard let price = prices[symbol] else { throw .missingPrice(symbol) }
            equity += Decimal(quantity) * price
        }
        return equity
    }
}
