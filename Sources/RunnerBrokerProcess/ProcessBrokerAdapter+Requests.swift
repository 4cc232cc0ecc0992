import Foundation
import RunnerBroker
import RunnerCore

extension ProcessBrokerAdapter {
    /// Sends `op` with `fields` and waits for its reply, at most `timeout`; gives up when the task is
    /// cancelled (a late reply is then dropped).
    func request(_ op: String, _ fields: [String: JSONValue], timeout: Duration? = nil) async
        -> Result<JSONValue, CallFailure>
    {
        let ticket = Locked<(generation: Int, id: Int64)?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (answer: CheckedContinuation<Result<JSONValue, CallFailure>, Never>) in
                guard !Task.isCancelled else { return answer.resume(returning: .failure(.cancelled)) }
                let sent = send(op, fields, timeout: timeout ?? settings.replyTimeout) { answer.resume(returning: $0) }
                ticket.withLock { $0 = sent }
            }
        } onCancel: {
            if let (generation, id) = ticket.withLock({ $0 }) { abandon(id, generation: generation) }
        }
    }

    /// Sends one request; `completion` runs exactly once, with the reply, or the failure (no reply within
    /// `timeout`, the process ended, the adapter not connected). Returns the request's generation and id
    /// once it is on its way.
    @discardableResult
    func send(
        _ op: String, _ fields: [String: JSONValue], timeout: Duration,
        completion: @escaping @Sendable (Result<JSONValue, CallFailure>) -> Void
    ) -> (generation: Int, id: Int64)? {
        let registered = session.withLock { session -> Result<(ChildProcess, Int, Int64), CallFailure> in
            guard session.accepts(op: op), let child = session.child else {
                if case .failed(let reason) = session.phase { return .failure(.notConnected(failure: reason)) }
                return .failure(.notConnected(failure: nil))
            }
            session.nextID += 1
            session.pending[session.nextID] = AdapterSession.Pending(op: op, completion: completion)
            return .success((child, session.generation, session.nextID))
        }
        guard case .success(let (child, generation, id)) = registered else {
            if case .failure(let failure) = registered { completion(.failure(failure)) }
            return nil
        }
        var request = fields
        request["id"] = .integer(id)
        request["op"] = .string(op)
        child.send(JSONValue.object(request).line)
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout.timeInterval) { [weak self] in
            self?.timedOut(id, generation: generation, after: timeout)
        }
        return (generation, id)
    }

    /// The bound for request `id` passed: if it is still waiting, it fails, and the process, which does
    /// not answer, is ended as hung.
    private func timedOut(_ id: Int64, generation: Int, after timeout: Duration) {
        let pending = session.withLock { session -> AdapterSession.Pending? in
            guard session.generation == generation else { return nil }
            return session.pending.removeValue(forKey: id)
        }
        guard let pending else { return }
        pending.completion(.failure(.timedOut(timeout)))
        // Shutdown's silence is handled by `close()`, which ends the process anyway.
        if pending.op != "shutdown" {
            childFailed(generation: generation, reason: "no reply to \(pending.op) within \(timeout.shortText)")
        }
    }

    /// The caller of request `id` stopped waiting.
    private func abandon(_ id: Int64, generation: Int) {
        let pending = session.withLock { session -> AdapterSession.Pending? in
            guard session.generation == generation, let pending = session.pending.removeValue(forKey: id) else {
                return nil
            }
            session.abandoned.insert(id)
            return pending
        }
        pending?.completion(.failure(.cancelled))
    }

    /// A request whose result is decoded by `decode`; a result of the wrong shape is a protocol violation
    /// (reported, and the process ended) and fails the call.
    func call<T: Sendable>(
        _ op: String, _ fields: [String: JSONValue] = [:], clientOrderID: String? = nil,
        decode: (JSONValue) throws(WireError) -> T
    ) async throws(BrokerError) -> T {
        let generation = session.withLock { $0.generation }
        switch await request(op, fields) {
        case .failure(let failure):
            throw failure.brokerError(op: op, clientOrderID: clientOrderID)
        case .success(let value):
            do throws(WireError) {
                return try decode(value)
            } catch {
                let reason = "the reply to \(op) is wrong: \(error.reason)"
                childFailed(generation: generation, reason: reason)
                throw CallFailure.violation(reason).brokerError(op: op, clientOrderID: clientOrderID)
            }
        }
    }
}
