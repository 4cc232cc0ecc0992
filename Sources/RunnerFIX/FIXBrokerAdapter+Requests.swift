import NIOCore
import RunnerBroker
import RunnerCore

/// Sending a request and waiting, within `requestTimeout`, for the messages that answer it.
extension FIXBrokerAdapter {
    /// Sends `message` and waits for the answers routed to `key`. Throws ``BrokerError/disconnected`` when
    /// not logged on (nothing is sent), the request's timeout error after `requestTimeout` or when the
    /// calling task is cancelled, its connection error when the connection drops first.
    func exchange(
        _ message: FIXMessage, key: String, request: FIXRequest,
        before: (@Sendable (inout FIXAdapterState) -> Void)? = nil
    ) async throws(BrokerError) -> [FIXMessage] {
        if Task.isCancelled { throw request.timedOut(after: settings.requestTimeout) }
        let token = state.withLock { state in
            state.nextToken += 1
            return state.nextToken
        }
        let result: Result<[FIXMessage], BrokerError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let refusal: BrokerError? = state.withLock { state in
                    guard state.isReady else { return .disconnected }
                    if state.waiters[key] != nil {
                        if case .submit(let id) = request { return .duplicateClientOrderID(id) }
                        return .adapterFailure("\(request) is already waiting for an answer under id \(key)")
                    }
                    let sequence = state.session.nextOutgoingSequenceNumber
                    guard let actions = state.session.send(message, now: time.nowMilliseconds) else {
                        return .disconnected
                    }
                    before?(&state)
                    state.waiters[key] = FIXWaiter(
                        token: token, request: request, sequenceNumber: sequence,
                        continuation: continuation)
                    _ = state.perform(actions, logger: logger)
                    return nil
                }
                if let refusal {
                    continuation.resume(returning: .failure(refusal))
                    return
                }
                let timeout = settings.requestTimeout
                eventLoop.scheduleTask(in: .milliseconds(timeout.milliseconds)) { [self] in
                    expire(key: key, token: token, error: request.timedOut(after: timeout))
                }
            }
        } onCancel: {
            expire(key: key, token: token, error: request.timedOut(after: settings.requestTimeout))
        }
        return try result.get()
    }

    /// Ends the wait of `token` under `key` with `error`, unless it already ended.
    private func expire(key: String, token: Int, error: BrokerError) {
        let waiter: FIXWaiter? = state.withLock { state in
            guard state.waiters[key]?.token == token else { return nil }
            return state.takeWaiter(key)
        }
        if let waiter {
            logger.warning("FIX \(waiter.request): \(error)")
            waiter.continuation.resume(returning: .failure(error))
        }
    }

    /// Adds `message` to the answers under `key`; when `complete` says they are all in, ends the wait.
    /// Returns false when no one waits under `key` for a request `matching` accepts.
    @discardableResult
    func collect(
        _ message: FIXMessage, key: String, matching: (FIXRequest) -> Bool,
        complete: ([FIXMessage]) -> Bool
    ) -> Bool {
        let finished: FIXWaiter?? = state.withLock { state in
            guard var waiter = state.waiters[key], matching(waiter.request) else { return .none }
            waiter.collected.append(message)
            guard complete(waiter.collected) else {
                state.waiters[key] = waiter
                return .some(nil)
            }
            state.waiters[key] = nil
            return .some(waiter)
        }
        guard let finished else { return false }
        finished?.continuation.resume(returning: .success(finished?.collected ?? []))
        return true
    }

    /// Ends the wait under `key` with `error`; false when no one waits there for a matching request.
    @discardableResult
    func fail(key: String, matching: (FIXRequest) -> Bool, with error: (FIXRequest) -> BrokerError) -> Bool {
        let waiter: FIXWaiter? = state.withLock { state in
            guard let waiter = state.waiters[key], matching(waiter.request) else { return nil }
            return state.takeWaiter(key)
        }
        guard let waiter else { return false }
        waiter.continuation.resume(returning: .failure(error(waiter.request)))
        return true
    }

    /// A fresh request id (`790`, `584`, `710`, `909`, mass cancel `11`): unique in this session because
    /// it carries the next outgoing sequence number, and across sessions by the time.
    func requestID(_ prefix: String) -> String {
        let (sequence, counter) = state.withLock { state in
            state.nextToken += 1
            return (state.session.nextOutgoingSequenceNumber, state.nextToken)
        }
        return "\(prefix)-\(time.nowMilliseconds)-\(sequence)-\(counter)"
    }

    /// TransactTime (`60`) for now.
    var transactTime: FIXField {
        FIXField(FIXTag.transactTime, FIXTimestamp.format(milliseconds: time.nowMilliseconds))
    }
}
