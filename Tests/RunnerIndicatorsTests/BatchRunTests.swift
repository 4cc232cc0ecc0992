import Foundation
import RunnerIndicators
import Testing

@Suite struct BatchRunTests {
    /// The batch form gives, value for value, what streaming gives, for every standard indicator.
    @Test(arguments: IndicatorRegistry.standard.names)
    func batchEqualsStreaming(_ name: String) throws {
        let descriptor = try #require(IndicatorRegistry.standard.descriptor(named: name))
        let parameters = descriptor.signature.parameters.filter(\.kind.isConstant).map { $0.defaultValue ?? 5 }
        var close = 50.0
        let inputs = (0..<300).map { index -> IndicatorInput in
            close += sin(Double(index)) * 0.7
            let bar = BarFields(timestamp: Int64(index) * 60_000, open: close, high: close + 0.5, low: close - 0.5,
                                close: close, volume: 100 + Double(index % 7))
            return IndicatorInput(first: close, second: close * 0.5 + Double(index % 3), bar: bar)
        }
        let streaming = descriptor.make(parameters)
        let expected = inputs.map { input -> Double in
            streaming.update(input)
            return streaming.value(streaming.outputCount - 1)
        }
        let batch = descriptor.make(parameters)
        var results = [Double](repeating: 0, count: inputs.count)
        inputs.withUnsafeBufferPointer { input in
            results.withUnsafeMutableBufferPointer { batch.run(input, output: batch.outputCount - 1, into: $0) }
        }
        #expect(zip(results, expected).allSatisfy { $0.bitPattern == $1.bitPattern })
    }
}
