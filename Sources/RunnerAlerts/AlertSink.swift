import RunnerCore

/// Somewhere an alert is delivered to a person: a chat webhook, a paging command.
///
/// `deliver` either delivers the alert or throws an ``AlertError`` saying why; the dispatcher retries,
/// on a task of the sink's own, so a sink that hangs or fails never delays another sink or the code that
/// raised the alert. A delivery that is cancelled (the end of a run's drain) stops promptly.
public protocol AlertSink: Sendable {
    /// How logs and errors name the sink, never with a secret in it: `webhook ($RUNNER_ALERT_WEBHOOK)`.
    var name: String { get }

    func deliver(_ alert: OperatorAlert) async throws
}
