import RunnerBroker
import RunnerCore

/// What moves a run forward. A replay and a live feed produce the same events, so the engine has one
/// code path for both.
public enum EngineEvent: Sendable {
    /// Time has reached `timestamp` (milliseconds since the epoch): every bar that started earlier is
    /// complete. Decision ticks close and due slices are released here, before any bar of this time is seen,
    /// so every decision of a tick sees the same information. A replay sends it at each new bar time; a
    /// live feed on its clock.
    case advance(to: Int64)
    /// A bar, once the broker has seen it (a simulated venue fills against it first).
    case bar(Bar)
    /// What the broker says about an order.
    case execution(ExecutionReport)
    /// Nothing happened for a while (a live feed between bars): the loop sends heartbeats, runs what is
    /// due between events and applies commands, so an idle engine still answers and stays visibly alive.
    case idle
}

/// A source whose broker may still report after the run stopped trading (a live one): ``drain(for:)`` returns
/// the execution reports that come within `bound`.
public protocol DrainingEventSource: EngineEventSource {
    func drain(for bound: Duration) async -> [EngineEvent]
}

/// Where a run's events come from, one at a time. `next()` may wait (a live feed waits for the next bar);
/// a replay answers at once. Nil is the end of the data.
public protocol EngineEventSource: AnyObject {
    func next() async throws -> EngineEvent?
}
