import RunnerDiagnostics
import Testing

@testable import RunnerExpressions

/// Periods and look-backs are bounded, so no expression can ask for gigabytes of history.
@Suite struct WindowLimitTests {
    func messages(_ text: String) -> [String] {
        let origin = RunnerDiagnostics.SourceLocation(file: "x", line: 1, column: 1)
        return TypeChecker().check(text, origin: origin, expecting: nil, role: "expression").diagnostics.map(\.description)
    }

    @Test func theLargestWindowIsAccepted() {
        #expect(messages("sma(close, 100000) + close[100000]").isEmpty)
    }

    @Test func aLargerPeriodIsRefusedLikeTALibRefusesIt() {
        #expect(messages("sma(close, 100001)") == [
            "x:1:12: error: the period of 'sma' is at most 100000 (as in TA-Lib), got '100001'"
        ])
    }

    @Test func aLargerLookBackIsRefused() {
        #expect(messages("close[100000000000]") == [
            "x:1:7: error: look-back index is at most 100000 bars, got 100000000000"
        ])
    }
}
