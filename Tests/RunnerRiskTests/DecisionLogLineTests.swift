import Foundation
import RunnerCore
import Testing

@testable import RunnerRisk

/// The decision log line is written byte by byte; it must read exactly as the interpolated fields
/// joined with spaces (the first implementation, kept here as the reference).
@Suite struct DecisionLogLineTests {
    private func reference(_ decision: RiskDecision, at milliseconds: Int64) -> String {
        let target: TargetPosition
        var fields: [String]
        switch decision {
        case .approved(let approved):
            target = approved.target
            fields = ["decision=APPROVED"]
        case .denied(let denial):
            target = denial.target
            fields = ["decision=DENIED", "code=\(denial.code.rawValue)"]
                + denial.figures.map { "\($0.name)=\($0.value)" }
        }
        fields += [
            "strategy=\(target.strategy)", "symbol=\(target.symbol)", "target=\(target.signedSize)",
            "price=\(target.referencePrice)", "stop=\(target.stopDistance.map { "\($0)" } ?? "default")",
            "decision_time=\(target.decisionTime)",
        ]
        return "risk_decision at=\(milliseconds) " + fields.joined(separator: " ")
    }

    private func target(_ side: Side, size: Int64, price: Double, stop: Double?, time: Int64) -> TargetPosition {
        TargetPosition(
            strategy: "mean_revert", symbol: "BRK.B", side: side, size: size, confidence: 0.5, decisionTime: time,
            referencePrice: price, stopDistance: stop)
    }

    @Test func linesReadAsTheJoinedFields() {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        let sides: [Side] = [.long, .short, .flat]
        for round in 0..<2_000 {
            let price = [Double(next() % 100_000) / 100, .nan, .infinity, 1e-7, 123_456_789.123][round % 5]
            let stop: Double? = round % 3 == 0 ? nil : Double(next()) / Double(1 << 40)
            let time = round % 7 == 0 ? -Int64(next() % 1_000_000) : Int64(next() % 2_000_000_000_000)
            let size = Int64(next() % 1_000_000)
            let planned = target(sides[round % 3], size: size, price: price, stop: stop, time: time)
            let at = round % 11 == 0 ? Int64.min : Int64(next())
            let figures: [Denial.Figure] = (0..<(round % 4)).map { .init("name\($0)", "\(next() % 1000)%") }
            let denial = RiskDecision.denied(Denial(code: DenialCode.allCases[round % DenialCode.allCases.count],
                                                    target: planned, figures: figures))
            let approval = RiskDecision.approved(ApprovedTarget(target: planned, approvedAt: at))
            #expect(denial.logLine(at: at) == reference(denial, at: at))
            #expect(approval.logLine(at: at) == reference(approval, at: at))
        }
    }
}
