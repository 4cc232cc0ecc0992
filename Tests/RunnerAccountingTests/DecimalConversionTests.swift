import Foundation
import Testing

import RunnerCore

/// The ledger reads a `Double` as the decimal it prints as; the fast path must build the very same
/// `Decimal` (same bytes, not only the same value) as `Decimal(string:)` on that text.
@Suite struct DecimalConversionTests {
    private func bytes(_ decimal: Decimal?) -> [UInt8]? {
        decimal.map { value in withUnsafeBytes(of: value) { Array($0) } }
    }

    private func expectSameAsParsing(_ value: Double) {
        let text = value.description
        #expect(bytes(Decimal(shortestRepresentationOf: value)) == bytes(Decimal(string: text)), "\(text)")
    }

    @Test func pricesInCentsConvertExactlyAsParsed() {
        for cents in stride(from: -200_000, through: 200_000, by: 7) { expectSameAsParsing(Double(cents) / 100) }
    }

    @Test(arguments: [
        0.0, -0.0, 1, 10, 100.5, 108.50, 0.001, 0.00001, 1e-7, 123_456_789_012_345.6, 1e15, 1e16, 1e22, 4.35e-7,
        0.1 + 0.2, 1.0 / 3, 9_007_199_254_740_993, 5e-324, 1e-128, 1e127, 1e128,
    ])
    func edgeValuesConvertExactlyAsParsed(value: Double) {
        expectSameAsParsing(value)
        expectSameAsParsing(-value)
    }

    @Test func seededRandomValuesConvertExactlyAsParsed() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        for _ in 0..<20_000 {
            expectSameAsParsing(Double(next() % 100_000_000) / 1_000)
            expectSameAsParsing(Double(next() >> 11) / Double(1 << 40))
            let bits = Double(bitPattern: next())
            if bits.isFinite { expectSameAsParsing(bits) }
        }
    }

    @Test func nonFiniteValuesHaveNoDecimal() {
        #expect(Decimal(shortestRepresentationOf: .nan) == nil)
        #expect(Decimal(shortestRepresentationOf: .infinity) == nil)
        #expect(Decimal(shortestRepresentationOf: 1e300) == nil)
    }
}
