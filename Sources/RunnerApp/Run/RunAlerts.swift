import Foundation
import Logging
import RunnerAlerts
import RunnerConfig
import RunnerCore
import RunnerJournaling
import RunnerLog

/// A run's alerts: the JSON-lines log in the environment's var folder (`runner.log`), the sinks `alerts:`
/// names, and the dispatcher that sends every alert to the journal, that log and those sinks.
///
/// The webhook's URL comes from the variable `alerts.webhook_url_env` names. Unset or empty, it is an
/// error in a live environment (the live guard refuses it before this) and a note in a paper one, which
/// runs without the webhook. A URL that is not http(s), or a command whose program cannot be found, is an
/// error in either mode: the file asked for something that cannot work.
struct RunAlerts {
    /// The log file; `log.logger(label:)` gives any part of the run a logger writing to it.
    let log: JSONLinesLogFile
    let sinks: [any AlertSink]
    let settings: AlertDispatchSettings
    /// What the operator should know before the run starts (a paper run without its webhook).
    let notes: [String]

    /// Time `drain` gives queued alerts at the end of a run, and the dispatcher's service on shutdown.
    static let drainTimeout: Duration = .seconds(10)

    init(
        environment: EnvironmentConfig, paths: RunPaths, root: String, processEnvironment: [String: String],
        logSettings: JSONLinesLogSettings = .standard
    ) throws {
        let config = environment.alerts
        let mode = environment.mode.value
        var sinks: [any AlertSink] = []
        var notes: [String] = []
        if let variable = config.webhookURLVariable {
            let value = processEnvironment[variable.value] ?? ""
            if value.isEmpty {
                let problem = "\(environment.file): alerts.webhook_url_env names \(variable.value), which is not set"
                guard mode == .paper else {
                    throw RunError("\(problem); a live environment's alerts must reach a person")
                }
                notes.append(
                    "\(problem): alerts go to the journal" + (config.command.isEmpty ? " and" : ",")
                        + " the log" + (config.command.isEmpty ? "" : " and the command") + " only")
            } else {
                guard let url = URL(string: value) else { throw AlertError.invalidWebhookURL(variable: variable.value) }
                sinks.append(
                    try WebhookAlertSink(url: url, variable: variable.value, mode: mode, timeout: config.timeout))
            }
        }
        if !config.command.isEmpty {
            sinks.append(
                try CommandAlertSink(
                    command: config.command.map(\.value), workingDirectory: root, environment: processEnvironment,
                    mode: mode, timeout: config.timeout))
        }
        // The sinks first: one that cannot work stops the run before anything is written.
        try FileManager.default.createDirectory(atPath: paths.folder, withIntermediateDirectories: true)
        log = try JSONLinesLogFile(path: paths.log, settings: logSettings)
        settings = try AlertDispatchSettings(
            minimumSeverity: config.minimumSeverity, attempts: config.attempts, shutdownDrainTimeout: Self.drainTimeout)
        self.sinks = sinks
        self.notes = notes
    }

    /// The dispatcher over `journal`: raise alerts through it; run it as a service of the run (it drains on
    /// graceful shutdown), or call `drain(timeout:)` at the end.
    func dispatcher(journal: (any Journal)?) -> AlertDispatcher {
        AlertDispatcher(sinks: sinks, journal: journal, logger: log.logger(label: "runner.alerts"), settings: settings)
    }
}
