import Foundation
import RunnerExpressions
import RunnerIndicators
import Testing

/// Every standard indicator, streamed bar by bar, matches TA-Lib (or the numpy oracle for the two
/// TA-Lib lacks) to a relative error of 1e-9, with NaN exactly where the oracle has no value yet.
@Suite struct GoldenIndicatorTests {
    static let tolerance = 1e-9

    @Test func theGoldenFilesArePresent() {
        #expect(GoldenCase.computed.count > 200)
    }

    @Test func everyStandardSignatureHasAnImplementation() {
        #expect(IndicatorRegistry.standard.names == FunctionCatalog.standardIndicators.names)
    }

    @Test(arguments: GoldenCase.computed)
    func streamingValuesMatchTheOracle(_ golden: GoldenCase) throws {
        let descriptor = try #require(IndicatorRegistry.standard.descriptor(named: golden.function),
                                      "'\(golden.function)' is not registered")
        let indicator = descriptor.make(golden.parameters)
        let table = try golden.input()
        let expected = try golden.expected()
        #expect(indicator.outputCount == golden.outputs.count)
        var firstValid: Int?
        for index in table.rows.indices {
            indicator.update(table.input(at: index, arguments: golden.arguments))
            for (output, column) in expected.enumerated() {
                let actual = indicator.value(output)
                let want = column[index]
                if !want.isNaN, firstValid == nil { firstValid = index }
                let matches = want.isNaN ? actual.isNaN : abs(actual - want) / max(1, abs(want)) <= Self.tolerance
                // Report the first mismatch only, not the hundreds that usually follow it.
                guard matches else {
                    Issue.record("\(golden) \(golden.outputs[output])[\(index)]: expected \(want), got \(actual)")
                    return
                }
            }
        }
        if golden.oracle == "talib", let firstValid {
            #expect(indicator.lookback == firstValid, "\(golden): lookback \(indicator.lookback), TA-Lib's \(firstValid)")
        }
    }

    @Test(arguments: GoldenCase.rejected)
    func parametersTALibRefusesAreRefusedAtLoadTime(_ golden: GoldenCase) throws {
        let signature = try #require(FunctionCatalog.standardIndicators.signature(named: golden.function))
        let constants = signature.parameters.filter(\.kind.isConstant)
        let refused = zip(constants, golden.parameters).contains { parameter, value in
            if case .integerConstant(let minimum) = parameter.kind { return value < Double(minimum) }
            return false
        }
        #expect(refused, "\(golden): TA-Lib refuses \(golden.parameters) but the signature \(signature) accepts them")
    }
}
