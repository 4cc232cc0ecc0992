import Foundation
import Testing

@testable import RunnerCore

/// `Decimal(shortestRepresentationOf:)` finds the digits of most prices by arithmetic instead of printing
/// the `Double`: it must give the very `Decimal` that reading its description gives.
@Suite struct ShortestDecimalTests {
    /// The value's storage, byte for byte: the same value could be stored with other digits.
    static func parts(_ value: Decimal?) -> [UInt8]? { value.map { value in withUnsafeBytes(of: value) { Array($0) } } }

    static var doubles: [Double] {
        var values: [Double] = [0, -0.0, 1, -1, 100, 100.1, 56.25, 0.3333, 0.0001, 0.001, 0.00123, 1e-05, 1e15, 1e16,
                                123456789012345.6, 0.1 + 0.2, 1.0 / 3, 4503599627370496, 99.99, 1234.5678, 0.12345678,
                                0.123456789, 187.25, -187.25, 0.0002, 0.001 * 1.0001, .pi, 2.5e-3, 999999999999999]
        var seed: UInt64 = 11
        for _ in 0..<20_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let integer = Double(seed >> 40)
            let places = Double([1, 10, 100, 1_000, 10_000, 100_000_000, 1e10][Int(seed % 7)])
            values.append(integer / places)
            values.append(-integer / places)
            values.append(Double(bitPattern: (seed >> 2) | 0x3F00_0000_0000_0000))  // arbitrary bits near 1
        }
        return values
    }

    @Test func arithmeticDigitsAreTheDigitsTheDescriptionWrites() {
        for value in Self.doubles {
            let fast = Decimal(shortestRepresentationOf: value)
            let described = Decimal(describing: value)
            #expect(Self.parts(fast) == Self.parts(described), "\(value)")
        }
    }
}
