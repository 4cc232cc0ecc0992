import Logging
import NIOCore
import NIOPosix
import RunnerBroker
import RunnerCore

/// A broker reached over FIX 4.4 as the initiator, on SwiftNIO: orders (NewOrderSingle, cancel, replace),
/// lookups (order status, mass status, positions, collateral), the kill switch (mass cancel, closing
/// orders) and the execution reports as they come.
///
/// **Sessions and resends.** Sequence numbers live in the store directory and survive restarts; after a
/// drop the adapter reconnects with a bounded exponential backoff and logs on again with the stored
/// numbers, so the broker's resend brings every report missed meanwhile. We never resend orders
/// ourselves (a counterparty's ResendRequest gets a gap fill, see ``FIXSession``): the engine looks an
/// order whose outcome it does not know up by ClOrdID and sends it again with the same id.
///
/// **Duplicates.** A report resent with PossDupFlag is delivered on ``executions`` again; consumers
/// deduplicate fills by `executionID`, as the protocol says. ``fills(since:)`` holds each ExecID once.
public final class FIXBrokerAdapter: ConnectedBrokerAdapter {
    public let settings: FIXSettings
    let time: any TimeSource
    let logger: Logger
    let eventLoop: any EventLoop
    let state: Locked<FIXAdapterState>
    public let executions: AsyncStream<ExecutionReport>
    let executionContinuation: AsyncStream<ExecutionReport>.Continuation
    public let connectionEvents: AsyncStream<BrokerConnectionEvent>
    let connectionContinuation: AsyncStream<BrokerConnectionEvent>.Continuation

    /// An adapter for `settings`, resuming the session kept in its store directory (sequence numbers and
    /// the execution log). It does not connect: call ``connect()``.
    public init(
        settings: FIXSettings, time: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "runner.fix")
    ) throws(FIXSetupError) {
        guard settings.problems.isEmpty else { throw .settings(settings.problems) }
        self.settings = settings
        self.time = time
        self.logger = logger
        eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let store = FIXSequenceStore(
            directory: settings.storeDirectory, senderCompID: settings.senderCompID,
            targetCompID: settings.targetCompID)
        var log = FIXExecutionLog(
            directory: settings.storeDirectory, senderCompID: settings.senderCompID,
            targetCompID: settings.targetCompID)
        let orderLog = FIXOrderLog(
            directory: settings.storeDirectory, senderCompID: settings.senderCompID,
            targetCompID: settings.targetCompID)
        let numbers: FIXSequenceNumbers
        let orders: [String: ChildOrder]
        do {
            numbers = try store.load()
            try log.load()
            orders = try orderLog.load()
        } catch {
            throw .store(error)
        }
        state = Locked(
            FIXAdapterState(
                session: FIXSession(configuration: settings.sessionConfiguration, numbers: numbers), orders: orders,
                executionLog: log, orderLog: orderLog, store: store))
        (executions, executionContinuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        (connectionEvents, connectionContinuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// The session's sequence numbers now (as stored).
    public var sequenceNumbers: FIXSequenceNumbers { state.withLock { $0.session.numbers } }

    /// Whether requests can go out now (logged on, gaps filled).
    public var isConnected: Bool { state.withLock { $0.isReady } }

    public func fills(since timestamp: Int64) async throws(BrokerError) -> [Fill] {
        state.withLock { $0.executionLog.fills(since: timestamp) }
    }
}
