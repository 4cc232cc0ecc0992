import Logging
import RunnerCore

extension AlertDispatcher {
    /// Delivers sink `index`'s alerts in order until its queue is empty or the task is cancelled (an alert
    /// whose delivery was cancelled goes back to the front of the queue).
    func deliverQueued(_ index: Int) async {
        while !Task.isCancelled, let alert = take(index) {
            let outcome = await deliver(alert, toSinkAt: index)
            state.withLock { states in
                states[index].delivering = false
                switch outcome {
                case .delivered: states[index].statistics.delivered += 1
                case .gaveUp: states[index].statistics.failed += 1
                case .cancelled: states[index].queue.putBack(alert)
                }
            }
        }
    }

    enum Outcome { case delivered, gaveUp, cancelled }

    /// One alert to one sink, with retries and exponential backoff; every failure is logged.
    func deliver(_ alert: OperatorAlert, toSinkAt index: Int) async -> Outcome {
        let sink = sinks[index]
        let metadata: Logger.Metadata = [
            "sink": .string(sink.name), "alert_kind": .string(alert.kind.rawValue),
            "severity": .string(alert.severity.rawValue), "at": .stringConvertible(alert.at),
        ]
        for attempt in 1...settings.attempts {
            do {
                try await sink.deliver(alert)
                return .delivered
            } catch {
                if Task.isCancelled { return .cancelled }
                state.withLock { $0[index].statistics.failedAttempts += 1 }
                let last = attempt == settings.attempts
                let text =
                    "alert sink \(sink.name) failed (attempt \(attempt) of \(settings.attempts)): \(error)"
                    + (last ? "; the alert is given up" : "; trying again in \(settings.retryDelay(after: attempt))")
                logger.log(level: last ? .error : .warning, "\(text)", metadata: metadata)
                if last { return .gaveUp }
            }
            do { try await settings.sleep(settings.retryDelay(after: attempt)) } catch { return .cancelled }
        }
        return .gaveUp
    }

    /// The next alert for sink `index`, marked as being delivered.
    private func take(_ index: Int) -> OperatorAlert? {
        state.withLock { states in
            guard let alert = states[index].queue.popFirst() else { return nil }
            states[index].delivering = true
            return alert
        }
    }

    /// True when no other task delivers sink `index`'s queue; it is then this caller's to deliver.
    func claimWorker(_ index: Int) -> Bool {
        state.withLock { states in
            guard !states[index].hasWorker else { return false }
            states[index].hasWorker = true
            return true
        }
    }

    func releaseWorker(_ index: Int) {
        state.withLock { $0[index].hasWorker = false }
    }

    /// Returns once every sink's queue is empty and nothing is being delivered, or at `deadline`.
    func waitUntilIdle(until deadline: ContinuousClock.Instant) async {
        while ContinuousClock.now < deadline, !Task.isCancelled {
            let idle = state.withLock { $0.allSatisfy { $0.queue.isEmpty && !$0.delivering } }
            if idle { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Logs, per sink, the alerts still waiting after a drain of `timeout`.
    func logUndelivered(after timeout: Duration) {
        for (sink, statistics) in zip(sinks, statistics) where statistics.waiting > 0 {
            let text =
                "alert sink \(sink.name) still had \(statistics.waiting) alert(s) to deliver after \(timeout): "
                + "they are in the journal and this log, not delivered"
            logger.error("\(text)", metadata: ["sink": .string(sink.name)])
        }
    }
}
