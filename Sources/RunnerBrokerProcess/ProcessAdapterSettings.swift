/// How to start and supervise an adapter or feed program (docs/PROCESS_ADAPTER.md). Durations are above
/// zero; a bar feed has no requests, so ``replyTimeout`` and ``startTimeout`` apply to broker adapters only.
public struct ProcessAdapterSettings: Sendable, Hashable {
    /// The program and its arguments: no shell. A program with a `/` is a path (relative ones from
    /// ``workingDirectory``); a bare name is looked up in the runner's `PATH`.
    public var command: [String]
    public var workingDirectory: String
    /// Names of the runner's environment variables the program gets (with the runner's values); it gets
    /// no other. A name the runner's environment lacks stops the start with an error.
    public var environmentVariables: [String]
    /// How long one request may wait for its reply (broker adapters only).
    public var replyTimeout: Duration
    /// How long the program has to answer `hello` after it starts (broker adapters only).
    public var startTimeout: Duration
    /// How long `disconnect()` or `stop()` waits at each step (after `shutdown`, after SIGTERM).
    public var stopTimeout: Duration
    /// What happens when the program exits or misbehaves.
    public var onFailure: FailurePolicy

    public init(
        command: [String], workingDirectory: String, environmentVariables: [String] = [],
        replyTimeout: Duration = .seconds(5), startTimeout: Duration = .seconds(10),
        stopTimeout: Duration = .seconds(2),
        onFailure: FailurePolicy = .restart(RestartLimits())
    ) {
        self.command = command
        self.workingDirectory = workingDirectory
        self.environmentVariables = environmentVariables
        self.replyTimeout = replyTimeout
        self.startTimeout = startTimeout
        self.stopTimeout = stopTimeout
        self.onFailure = onFailure
    }
}

/// What to do when the program exits, crashes, hangs or breaks the protocol.
public enum FailurePolicy: Sendable, Hashable {
    /// Start it again after a backoff, within ``RestartLimits``; past them, give up (`.failed`).
    case restart(RestartLimits)
    /// Give up at the first failure (`.failed`).
    case fail
}

/// How often a failed program is started again.
public struct RestartLimits: Sendable, Hashable {
    /// Restarts allowed within ``window`` (0 or more); one more failure within it gives up.
    public var maximumRestarts: Int
    public var window: Duration
    /// The wait before the first restart of an outage, doubled for each further one up to ``maximumBackoff``.
    public var initialBackoff: Duration
    public var maximumBackoff: Duration

    public init(
        maximumRestarts: Int = 5, window: Duration = .seconds(300), initialBackoff: Duration = .milliseconds(500),
        maximumBackoff: Duration = .seconds(30)
    ) {
        self.maximumRestarts = maximumRestarts
        self.window = window
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }
}
