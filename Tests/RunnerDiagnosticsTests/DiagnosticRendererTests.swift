import RunnerDiagnostics
import Testing

@Suite struct DiagnosticRendererTests {
    let diagnostic = Diagnostic.error(
        at: RunnerDiagnostics.SourceLocation(file: "s.yaml", line: 2, column: 9), code: "unknown-identifier",
        "unknown identifier 'slw' (did you mean 'slow'?)")

    @Test func textShowsTheSourceLineAndACaretUnderTheColumn() {
        let renderer = DiagnosticRenderer(sources: ["s.yaml": "rules:\n  long: slw > fast\n"])
        #expect(renderer.render([diagnostic], format: .text) == """
            s.yaml:2:9: error: unknown identifier 'slw' (did you mean 'slow'?)
              long: slw > fast
                    ^

            """)
    }

    @Test func theCaretFollowsTabsAndWideCharacters() {
        var shifted = diagnostic
        shifted.location.column = 4
        let renderer = DiagnosticRenderer(sources: ["s.yaml": "a\n\té€x\n"])
        #expect(renderer.renderText(shifted).hasSuffix("\té€x\n\t  ^\n"))
    }

    @Test func windowsLineEndingsStillShowTheSourceLine() {
        let renderer = DiagnosticRenderer(sources: ["s.yaml": "rules:\r\n  long: slw > fast\r\n"])
        #expect(renderer.renderText(diagnostic).hasSuffix("\n  long: slw > fast\n        ^\n"))
    }

    @Test func withoutTheSourceOnlyTheMessageIsPrinted() {
        #expect(DiagnosticRenderer().render([diagnostic], format: .text)
            == "s.yaml:2:9: error: unknown identifier 'slw' (did you mean 'slow'?)\n")
    }

    @Test func githubAnnotationsEscapeNewlinesAndPercent() {
        var multiline = diagnostic
        multiline.message = "50% off\nnext"
        #expect(DiagnosticRenderer().render([multiline], format: .github)
            == "::error file=s.yaml,line=2,col=9,title=unknown-identifier::50%25 off%0Anext\n")
    }

    @Test func jsonCountsErrorsAndWarningsAndEscapesStrings() {
        let warning = Diagnostic.warning(at: diagnostic.location, code: "restricted-symbol", "say \"hi\"\t")
        #expect(DiagnosticRenderer().render([diagnostic, warning], format: .json) == """
            {
              "diagnostics": [
                {"file": "s.yaml", "line": 2, "column": 9, "severity": "error", "code": "unknown-identifier", "message": "unknown identifier 'slw' (did you mean 'slow'?)"},
                {"file": "s.yaml", "line": 2, "column": 9, "severity": "warning", "code": "restricted-symbol", "message": "say \\"hi\\"\\t"}
              ],
              "errors": 1,
              "warnings": 1
            }

            """)
    }

    @Test func diagnosticsSortByFileLineAndColumnKeepingTiesInOrder() {
        let make = { (file: String, line: Int, column: Int, message: String) in
            Diagnostic.error(at: RunnerDiagnostics.SourceLocation(file: file, line: line, column: column), code: "x", message)
        }
        let sorted = [make("b", 1, 1, "4"), make("a", 2, 1, "3"), make("a", 1, 5, "2"), make("a", 1, 5, "2b"), make("a", 1, 1, "1")]
            .sortedByLocation().map(\.message)
        #expect(sorted == ["1", "2", "2b", "3", "4"])
    }
}

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("max_daily_los", "daily_loss_halt"), ("gross_exposre", "gross_exposure"), ("intervall", "interval"),
        ("postion_risk", "position_risk"), ("corelation_budget", "correlation_budget"),
    ])
    func typosFindTheIntendedKey(_ typo: String, _ intended: String) {
        let keys = ["position_risk", "gross_exposure", "daily_loss_halt", "correlation_budget", "correlation_lookback",
                    "interval", "alert_above", "flatten_above"]
        #expect(Suggestion.closest(to: typo, in: keys) == intended)
    }

    @Test func unrelatedWordsSuggestNothing() {
        #expect(Suggestion.closest(to: "banana", in: ["position_risk", "gross_exposure"]) == nil)
        #expect(Suggestion.didYouMean("zzz", in: ["abc"]) == "")
    }

    @Test func aSwapOfNeighboursCountsAsOneEdit() {
        #expect(Suggestion.editDistance("ACTD", "ACDT") == 1)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    }
}
