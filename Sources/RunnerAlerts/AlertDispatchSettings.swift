import RunnerCore

/// Which alerts the sinks get, and how hard the dispatcher tries to deliver each.
public struct AlertDispatchSettings: Sendable {
    /// Alerts below this severity go to the journal and the log only.
    public let minimumSeverity: OperatorAlert.Severity
    /// Deliveries tried per alert and sink, the first included, before the alert is given up (and logged).
    public let attempts: Int
    /// The wait after the first failure; it doubles after each further one, up to ``longestRetryDelay``.
    public let firstRetryDelay: Duration
    public let longestRetryDelay: Duration
    /// Alerts waiting per sink before the oldest non-critical one is dropped (see `AlertQueue`).
    public let queueCapacity: Int
    /// How long ``AlertDispatcher/run()`` keeps delivering what is queued once a graceful shutdown starts.
    public let shutdownDrainTimeout: Duration
    /// Waits between attempts: `Task.sleep`, or a test's.
    public let sleep: @Sendable (Duration) async throws -> Void

    /// From 1 to 20 attempts.
    public static let attemptsRange = 1...20
    /// From 1 to 100,000 alerts per sink.
    public static let queueCapacityRange = 1...100_000

    public init(
        minimumSeverity: OperatorAlert.Severity = .warning, attempts: Int = 5, firstRetryDelay: Duration = .seconds(1),
        longestRetryDelay: Duration = .seconds(60), queueCapacity: Int = 1_000,
        shutdownDrainTimeout: Duration = .seconds(10),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) throws(AlertError) {
        guard Self.attemptsRange.contains(attempts) else {
            throw .invalidSettings("alert delivery attempts must be from 1 to 20, not \(attempts)")
        }
        guard Self.queueCapacityRange.contains(queueCapacity) else {
            throw .invalidSettings("an alert sink's queue must hold from 1 to 100,000 alerts, not \(queueCapacity)")
        }
        guard firstRetryDelay >= .zero, longestRetryDelay >= firstRetryDelay, shutdownDrainTimeout >= .zero else {
            throw .invalidSettings(
                "alert retry delays must not be negative, and the longest (\(longestRetryDelay)) must not be shorter "
                    + "than the first (\(firstRetryDelay)); the drain timeout (\(shutdownDrainTimeout)) not negative")
        }
        self.minimumSeverity = minimumSeverity
        self.attempts = attempts
        self.firstRetryDelay = firstRetryDelay
        self.longestRetryDelay = longestRetryDelay
        self.queueCapacity = queueCapacity
        self.shutdownDrainTimeout = shutdownDrainTimeout
        self.sleep = sleep
    }

    /// The wait after failed attempt `attempt` (1 for the first): the first delay, doubled each time, capped.
    public func retryDelay(after attempt: Int) -> Duration {
        var delay = firstRetryDelay
        for _ in 1..<max(attempt, 1) {
            delay *= 2
            if delay >= longestRetryDelay { return longestRetryDelay }
        }
        return min(delay, longestRetryDelay)
    }
}
