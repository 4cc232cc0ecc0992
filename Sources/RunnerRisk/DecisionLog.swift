import RunnerCore

/// Where every decision goes with its inputs, so "why was this order blocked" always has an answer.
/// The journal implements it later; the memory and line logs serve until then.
public protocol DecisionLog: AnyObject {
    func record(_ decision: RiskDecision, at milliseconds: Int64)
}

/// Keeps decisions in memory: the test double and the embedded default.
public final class MemoryDecisionLog: DecisionLog {
    public private(set) var decisions: [(at: Int64, decision: RiskDecision)] = []
    /// How many decisions are kept; later ones are dropped (the gate's counts still see them).
    public let capacity: Int

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    public func record(_ decision: RiskDecision, at milliseconds: Int64) {
        if decisions.count < capacity { decisions.append((milliseconds, decision)) }
    }
}

/// Writes one structured line per decision (`risk_decision at=... decision=DENIED code=... symbol=...`)
/// to a sink: standard error, a file, a central log.
public final class LineDecisionLog: DecisionLog {
    private let write: (String) -> Void

    public init(write: @escaping (String) -> Void) { self.write = write }

    public func record(_ decision: RiskDecision, at milliseconds: Int64) {
        write(decision.logLine(at: milliseconds))
    }
}

extension RiskDecision {
    /// The decision and its inputs as `key=value` pairs, one line, for log search.
    public func logLine(at milliseconds: Int64) -> String {
        let target: TargetPosition
        var fields: [String]
        switch self {
        case .approved(let approved):
            target = approved.target
            fields = ["decision=APPROVED"]
        case .denied(let denial):
            target = denial.target
            fields = ["decision=DENIED", "code=\(denial.code.rawValue)"] + denial.figures.map { "\($0.name)=\($0.value)" }
        }
        fields += [
            "strategy=\(target.strategy)", "symbol=\(target.symbol)", "target=\(target.signedSize)",
            "price=\(target.referencePrice)", "stop=\(target.stopDistance.map { "\($0)" } ?? "default")",
            "decision_time=\(target.decisionTime)",
        ]
        return "risk_decision at=\(milliseconds) " + fields.joined(separator: " ")
    }
}
