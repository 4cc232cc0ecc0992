import RunnerCore

/// Where every decision goes with its inputs, so "why was this order blocked" always has an answer.
/// The journal implements it later; the memory log is the test double and the embedded default.
public protocol DecisionLog: AnyObject {
    func record(_ decision: RiskDecision, at milliseconds: Int64)
}

/// Keeps decisions in memory and counts them per code (and approvals).
public final class MemoryDecisionLog: DecisionLog {
    public private(set) var decisions: [(at: Int64, decision: RiskDecision)] = []
    /// Denials per code; approvals under the key "APPROVED".
    public private(set) var counts: [String: Int] = [:]
    /// How many decisions are kept in full; counting goes on past it.
    public let capacity: Int

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    public func record(_ decision: RiskDecision, at milliseconds: Int64) {
        counts[decision.denial?.code.rawValue ?? "APPROVED", default: 0] += 1
        if decisions.count < capacity { decisions.append((milliseconds, decision)) }
    }
}
