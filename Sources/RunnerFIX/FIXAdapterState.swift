import Logging
import NIOCore
import RunnerBroker
import RunnerCore

/// Where the adapter's connection stands.
enum FIXLifecycle: Sendable, Hashable {
    /// Not connected, not trying.
    case idle
    /// `connect()` is waiting for the first logon.
    case connecting
    /// Logged on and synchronized: requests go out.
    case running
    /// The connection dropped; trying again (`attempt` failures so far).
    case reconnecting(attempt: Int)
    /// `disconnect()` is logging out.
    case stopping
    /// Given up (logon refused): nothing more goes through.
    case failed(reason: String)
}

/// Everything the adapter's threads share, behind one lock: the session, the decoder, the channel, the
/// waiting callers, the orders sent and the execution log. Its methods do no blocking I/O except the store
/// writes that must precede a send (a few hundred bytes), and hand what must happen outside the lock back
/// to the caller.
struct FIXAdapterState: Sendable {
    var session: FIXSession
    var decoder = FIXFrameDecoder()
    var lifecycle = FIXLifecycle.idle
    var channel: (any Channel)?
    /// Increases with each connection attempt; callbacks of older connections are ignored.
    var generation = 0
    var ticker: RepeatedTask?
    var reconnectTask: Scheduled<Void>?
    /// `connect()` waiting for the first logon.
    var logonWaiter: CheckedContinuation<Result<Void, BrokerError>, Never>?
    /// When logging on (gaps filled) must be done, for the current attempt.
    var logonDeadline: Int64?
    /// Why the current connection is being closed (our decision), for the event and error texts.
    var closeReason: String?
    /// Set when the counterparty refused the logon: reconnecting would not help.
    var refusedReason: String?
    var waiters: [String: FIXWaiter] = [:]
    var nextToken = 0
    var orders: [String: ChildOrder] = [:]
    var executionLog: FIXExecutionLog
    let orderLog: FIXOrderLog
    let store: FIXSequenceStore

    /// Performs the parts of `actions` that must happen in order under the lock (persist, then send; a
    /// close); returns the rest for the caller to handle once the lock is released.
    mutating func perform(_ actions: [FIXSessionAction], logger: Logger) -> [FIXSessionAction] {
        var rest: [FIXSessionAction] = []
        for action in actions {
            switch action {
            case .persist(let numbers):
                do { try store.save(numbers) } catch {
                    logger.error("FIX sequence numbers not saved: \(error)")
                    close("the sequence numbers cannot be saved: \(error)")
                }
            case .send(let message):
                guard let channel else { continue }
                let bytes = FIXEncoder.encode(message)
                logger.trace("FIX out: \(message)")
                // Through the event loop's queue even on its own thread, so writes leave in lock order.
                channel.eventLoop.execute {
                    channel.writeAndFlush(channel.allocator.buffer(bytes: bytes), promise: nil)
                }
            case .disconnect(let reason):
                close(reason)
            case .refused(let reason):
                refusedReason = reason
            case .deliver, .loggedOn, .synchronized, .log:
                rest.append(action)
            }
        }
        return rest
    }

    /// Closes the connection, remembering why (the first reason wins).
    mutating func close(_ reason: String) {
        if closeReason == nil { closeReason = reason }
        // Queued, never inline: closing on the event loop reports the end at once, which takes this lock.
        if let channel { channel.eventLoop.execute { channel.close(promise: nil) } }
    }

    /// Remembers an order we send (in memory and in the order log).
    mutating func remember(_ order: ChildOrder, logger: Logger) {
        orders[order.clientOrderID] = order
        do { try orderLog.record(order) } catch { logger.error("FIX \(error)") }
    }

    /// Whether requests may go out now.
    var isReady: Bool { lifecycle == .running && session.isLoggedOn }

    /// Removes the waiter under `key`, and its sequence number.
    mutating func takeWaiter(_ key: String) -> FIXWaiter? {
        waiters.removeValue(forKey: key)
    }

    /// The key of the waiter whose request went out with sequence number `sequence`.
    func waiterKey(sequenceNumber sequence: Int) -> String? {
        waiters.first { $0.value.sequenceNumber == sequence }?.key
    }
}
