import RunnerCore

/// `alerts:`: where alerts go besides the journal and the log, and which ones.
public struct AlertsConfig: Sendable {
    /// `webhook_url_env:`: the environment variable holding the incoming-webhook URL (a secret, so never
    /// in the file); nil for no webhook.
    public var webhookURLVariable: Located<String>?
    /// `command:`: the paging program and its arguments, run without a shell; empty for no command.
    public var command: [Located<String>]
    /// `min_severity:`: alerts below it reach the journal and the log only.
    public var minimumSeverity: OperatorAlert.Severity
    /// `timeout:` of one delivery (a webhook's answer, a command's exit).
    public var timeout: Duration
    /// `attempts:` per alert and sink before it is given up.
    public var attempts: Int

    public init(
        webhookURLVariable: Located<String>?, command: [Located<String>], minimumSeverity: OperatorAlert.Severity,
        timeout: Duration, attempts: Int
    ) {
        self.webhookURLVariable = webhookURLVariable
        self.command = command
        self.minimumSeverity = minimumSeverity
        self.timeout = timeout
        self.attempts = attempts
    }

    /// True when a webhook or a command is set.
    public var hasSinks: Bool { webhookURLVariable != nil || !command.isEmpty }
}
