import RunnerCore

/// The kill switch's work at the broker, the same whether the engine asks (through its broker stage) or
/// `runner kill` acts alone because the engine does not answer: cancel every open order, close every
/// position, and confirm with the broker that nothing is open and nothing is held, retrying within a bound.
///
/// Each attempt cancels before it closes, so a closing order that did not fill in time is cancelled before
/// the remainder is closed again: a position is never closed twice.
public enum BrokerFlattening {
    public struct Outcome: Sendable, Hashable {
        /// Orders the broker cancelled, over all attempts.
        public var cancelled = 0
        /// The closing orders sent, over all attempts.
        public var closingOrders: [BrokerOrder] = []
        /// What the broker still reported at the last check: nothing, when confirmed.
        public var openOrders: [BrokerOrder] = []
        public var positions: [Symbol: Int64] = [:]
        /// Every failure on the way, in order ("attempt 2: close all positions: the connection to the broker is down").
        public var failures: [String] = []
        public var attempts = 0
        /// The broker confirmed no open orders and no positions.
        public var confirmedFlat = false

        public init() {}

        /// One line for an operator: what was done and whether the broker confirmed it.
        public var description: String {
            var text = "\(cancelled) orders cancelled, \(closingOrders.count) closing orders sent"
            if confirmedFlat {
                text += "; the broker confirms no open orders and no positions"
            } else {
                let held = positions.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                text += "; NOT confirmed after \(attempts) attempts: \(openOrders.count) orders open, positions "
                    + (held.isEmpty ? "unknown" : held.joined(separator: ", "))
                if let last = failures.last { text += " (last failure: \(last))" }
            }
            return text
        }
    }

    /// Cancels, closes and confirms, up to `attempts` times with `pause` between a close and its second check.
    public static func flatten(_ broker: any BrokerAdapter, attempts: Int = 5, pause: Duration = .milliseconds(200))
        async -> Outcome
    {
        var outcome = Outcome()
        for attempt in 1...max(1, attempts) {
            outcome.attempts = attempt
            var cancelled = true
            do { outcome.cancelled += try await broker.cancelAll() } catch {
                cancelled = false
                outcome.failures.append("attempt \(attempt): cancel all orders: \(error)")
            }
            // After the first attempt, a closing order may still be working: close again only once every order
            // is known cancelled, so a position is never closed twice.
            var mayClose = attempt == 1 || cancelled
            if mayClose, attempt > 1 { mayClose = (try? await broker.openOrders().isEmpty) ?? false }
            if mayClose {
                do { outcome.closingOrders += try await broker.closeAllPositions() } catch {
                    outcome.failures.append("attempt \(attempt): close all positions: \(error)")
                }
            }
            if await confirm(broker, into: &outcome, attempt: attempt) { return outcome }
            try? await Task.sleep(for: pause)
            if await confirm(broker, into: &outcome, attempt: attempt) { return outcome }
        }
        return outcome
    }

    /// Asks the broker what is open and held; true when nothing is.
    private static func confirm(_ broker: any BrokerAdapter, into outcome: inout Outcome, attempt: Int) async -> Bool {
        do {
            outcome.openOrders = try await broker.openOrders()
            outcome.positions = try await broker.positions().filter { $0.value != 0 }
            outcome.confirmedFlat = outcome.openOrders.isEmpty && outcome.positions.isEmpty
        } catch {
            outcome.failures.append("attempt \(attempt): ask for open orders and positions: \(error)")
            outcome.confirmedFlat = false
        }
        return outcome.confirmedFlat
    }
}
