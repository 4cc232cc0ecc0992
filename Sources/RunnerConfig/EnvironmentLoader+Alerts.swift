import RunnerCore
import RunnerDiagnostics
import RunnerYAML

extension EnvironmentLoader {
    /// `alerts:`; the defaults (no sink) when absent, nil when a value is wrong or the section names no sink.
    mutating func decodeAlerts(_ node: YAMLNode?, spec: KeySpec) -> AlertsConfig? {
        let reader = section(node, spec: spec)
        if node != nil && reader == nil { return nil }
        guard let node, let reader else { return ConfigDefaults.alerts }
        let before = decoder.diagnostics.diagnostics.count
        let defaults = ConfigDefaults.alerts
        let webhook = reader.value("webhook_url_env").flatMap {
            decoder.environmentVariableName($0, field: "alerts.webhook_url_env")
        }
        let command = reader.value("command").flatMap { decodeAlertCommand($0) }
        let severity = reader.value("min_severity").flatMap {
            decoder.choice(
                $0, field: "alerts.min_severity", among: OperatorAlert.Severity.allCases.map(\.rawValue),
                kind: "severity")
        }
        let timeout = reader.value("timeout").flatMap { decoder.positiveDuration($0, field: "alerts.timeout") }
        let attempts = reader.value("attempts").flatMap {
            decoder.integer($0, field: "alerts.attempts", range: ConfigDefaults.alertAttempts)
        }
        if let timeout, !ConfigDefaults.alertTimeout.contains(timeout.value) {
            decoder.diagnostics.error(
                at: timeout.location, code: "out-of-range",
                "'alerts.timeout' is \(timeout.value.configText); it must be from "
                    + "\(ConfigDefaults.alertTimeout.lowerBound.configText) to "
                    + "\(ConfigDefaults.alertTimeout.upperBound.configText)")
        }
        if reader.value("webhook_url_env") == nil && reader.value("command") == nil {
            decoder.diagnostics.error(
                at: node.location, code: "missing-key",
                "'alerts' names no sink: give 'webhook_url_env' (the variable holding a webhook URL), 'command' "
                    + "(a paging program), or both; without 'alerts', alerts go to the journal and the log only")
        }
        guard decoder.diagnostics.diagnostics.count == before else { return nil }
        return AlertsConfig(
            webhookURLVariable: webhook, command: command ?? [],
            minimumSeverity: severity.flatMap { OperatorAlert.Severity(rawValue: $0.value) }
                ?? defaults.minimumSeverity,
            timeout: timeout?.value ?? defaults.timeout, attempts: attempts?.value ?? defaults.attempts)
    }

    /// `[scripts/page.sh, --team, trading]`: at least the program, each item non-empty text.
    private mutating func decodeAlertCommand(_ node: YAMLNode) -> [Located<String>]? {
        guard let items = decoder.list(node, field: "alerts.command") else { return nil }
        guard !items.isEmpty else {
            decoder.diagnostics.error(
                at: node.location, code: "empty-list",
                "'alerts.command' must name at least the program to run, like [scripts/page.sh]")
            return nil
        }
        let before = decoder.diagnostics.diagnostics.count
        let arguments = items.compactMap { item -> Located<String>? in
            guard let text = decoder.string(item, field: "alerts.command") else { return nil }
            if text.value.isEmpty || text.value.contains("\0") {
                decoder.diagnostics.error(
                    at: item.location, code: "invalid-value",
                    "an item of 'alerts.command' is empty or holds a NUL character")
                return nil
            }
            return text
        }
        return decoder.diagnostics.diagnostics.count == before ? arguments : nil
    }
}
