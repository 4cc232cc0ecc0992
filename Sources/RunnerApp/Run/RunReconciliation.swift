import RunnerBroker
import RunnerConfig
import RunnerReconciliation

extension ReconciliationMonitor {
    /// The reconciliation a run of `environment` makes against `broker`: its `reconciliation:` interval
    /// and thresholds, its mode (a live run holds orders while reconciliation fails) and its name on the
    /// alerts. The run provides its side of the comparison through `sources`.
    static func forRun(_ environment: EnvironmentConfig, broker: any BrokerAdapter, sources: Sources) throws
        -> ReconciliationMonitor
    {
        let config = environment.reconciliation
        let thresholds = try ReconciliationThresholds(alertAbove: config.alertAbove, flattenAbove: config.flattenAbove)
        let check = ReconciliationCheck(
            interval: config.interval, thresholds: thresholds, mode: environment.mode.value,
            environment: environment.name)
        return ReconciliationMonitor(check: check, broker: broker, sources: sources)
    }
}
