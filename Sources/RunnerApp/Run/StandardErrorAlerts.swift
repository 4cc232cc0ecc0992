import Foundation
import RunnerCore

/// Alerts written to standard error, one line each: what a run raises through until the alert dispatcher
/// (journal, log, webhook) is plugged in.
struct StandardErrorAlerts: AlertRaising {
    func raise(_ alert: OperatorAlert) {
        let line = "alert \(alert.severity.rawValue) \(alert.kind.rawValue) [\(alert.environment)]: \(alert.message)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
