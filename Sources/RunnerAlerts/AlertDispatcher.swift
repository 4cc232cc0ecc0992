import Logging
import RunnerCore
import RunnerJournaling
import ServiceLifecycle

/// Where every alert of a run goes: the journal and the log at once, then each sink on a task of its own.
///
/// ``raise(_:)`` journals the alert (the journal only queues it), logs it, and queues it for each sink
/// when it is at least the settings' minimum severity; it waits for no sink. Each sink's queue is bounded
/// (see `AlertQueue`: the oldest non-critical alert is dropped when it is full, counted and logged; a
/// critical one never is). A sink delivers its alerts in order, retrying each failure with exponential
/// backoff up to the settings' attempts, logging every failure; a sink that hangs or fails delays no other.
///
/// Deliveries run while ``run()`` runs (the dispatcher is a `Service`: put it in the run's service group,
/// after the journal, so it stops after the stages that raise alerts and before the journal). On graceful
/// shutdown `run()` delivers what is queued, for at most the settings' drain timeout, then returns.
/// ``drain(timeout:)`` does the same at any time, and also works when `run()` is not running.
public final class AlertDispatcher: AlertRaising, Service {
    public let sinks: [any AlertSink]
    public let settings: AlertDispatchSettings
    let journal: (any Journal)?
    let logger: Logger

    struct SinkState {
        var queue: AlertQueue
        /// An alert of this sink is being delivered (taken from the queue, not yet done).
        var delivering = false
        /// A task delivers this sink's queue: `run()`'s, or a drain's.
        var hasWorker = false
        var statistics = AlertSinkStatistics()
    }

    let state: Locked<[SinkState]>
    /// Rung by ``raise(_:)`` for `run()`'s worker of each sink.
    let doorbells: [(stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)]

    public init(sinks: [any AlertSink], journal: (any Journal)?, logger: Logger, settings: AlertDispatchSettings) {
        self.sinks = sinks
        self.journal = journal
        self.logger = logger
        self.settings = settings
        state = Locked(sinks.map { _ in SinkState(queue: AlertQueue(capacity: settings.queueCapacity)) })
        doorbells = sinks.map { _ in AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1)) }
    }

    /// Journals, logs and queues `alert`; returns at once.
    public func raise(_ alert: OperatorAlert) {
        journal?.record(.operatorAlert(alert))
        logger.log(
            level: alert.severity.logLevel, "\(alert.severity.rawValue) \(alert.kind.rawValue) alert: \(alert.message)",
            metadata: [
                "alert_kind": .string(alert.kind.rawValue), "severity": .string(alert.severity.rawValue),
                "environment": .string(alert.environment), "at": .stringConvertible(alert.at),
            ])
        guard alert.severity >= settings.minimumSeverity else { return }
        for (index, sink) in sinks.enumerated() {
            let dropped = state.withLock { states in
                let dropped = states[index].queue.push(alert)
                if dropped != nil { states[index].statistics.dropped += 1 }
                return dropped
            }
            if let dropped {
                let text =
                    "the queue of alert sink \(sink.name) is full (\(settings.queueCapacity) alerts): dropped "
                    + "the oldest non-critical one, \(dropped.severity.rawValue) \(dropped.kind.rawValue) at \(dropped.at)"
                logger.warning(
                    "\(text)", metadata: ["sink": .string(sink.name), "dropped_message": .string(dropped.message)])
            }
            doorbells[index].continuation.yield()
        }
    }

    /// What each sink has done so far, in the order of ``sinks``.
    public var statistics: [AlertSinkStatistics] {
        state.withLock { states in
            states.map { sink in
                var statistics = sink.statistics
                statistics.waiting = sink.queue.count + (sink.delivering ? 1 : 0)
                return statistics
            }
        }
    }

    /// Delivers until graceful shutdown, then what is queued for at most the drain timeout (what is left
    /// is logged as undelivered); cancelled, it stops at once. Run it once.
    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for index in sinks.indices where claimWorker(index) {
                group.addTask {
                    for await _ in self.doorbells[index].stream {
                        await self.deliverQueued(index)
                        if Task.isCancelled { break }
                    }
                    self.releaseWorker(index)
                }
            }
            if (try? await gracefulShutdown()) != nil {
                await waitUntilIdle(until: ContinuousClock.now.advanced(by: settings.shutdownDrainTimeout))
                logUndelivered(after: settings.shutdownDrainTimeout)
            }
            group.cancelAll()
        }
    }

    /// Delivers what is queued, for at most `timeout`, whether or not ``run()`` runs; returns what each sink
    /// has done. Alerts still queued then are logged as undelivered and stay queued. A delivery under way
    /// when the time is up is cancelled (a command is killed), so the wait past `timeout` is short.
    @discardableResult
    public func drain(timeout: Duration) async -> [AlertSinkStatistics] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        await withTaskGroup(of: Bool.self) { group in
            for index in sinks.indices where claimWorker(index) {
                group.addTask {
                    await self.deliverQueued(index)
                    self.releaseWorker(index)
                    return false
                }
            }
            group.addTask {
                await self.waitUntilIdle(until: deadline)
                return true
            }
            while let isWaiter = await group.next(), !isWaiter {}
            group.cancelAll()
        }
        logUndelivered(after: timeout)
        return statistics
    }
}

/// What one sink has done.
public struct AlertSinkStatistics: Sendable, Hashable {
    /// Alerts it received.
    public var delivered = 0
    /// Alerts given up after every attempt failed.
    public var failed = 0
    /// Failed attempts, the retried ones included.
    public var failedAttempts = 0
    /// Alerts dropped because its queue was full.
    public var dropped = 0
    /// Alerts queued or being delivered.
    public var waiting = 0

    public init() {}
}

extension OperatorAlert.Severity {
    /// The log level an alert of this severity is logged at.
    var logLevel: Logger.Level {
        switch self {
        case .info: .info
        case .warning: .warning
        case .critical: .critical
        }
    }
}
