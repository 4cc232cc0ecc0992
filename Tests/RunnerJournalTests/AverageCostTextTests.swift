import Foundation
import Testing

@testable import RunnerJournal

/// The journal divides a position's cost basis by its quantity in integers when the average ends: the
/// text must be the text `Decimal`'s own division gives.
@Suite struct AverageCostTextTests {
    static func byDivision(_ basis: Decimal, _ quantity: Int64) -> String? {
        DecimalText.string(quantity == 0 ? 0 : basis / Decimal(quantity))
    }

    @Test func theIntegerDivisionWritesWhatTheDecimalDivisionWrites() {
        var seed: UInt64 = 7
        var bases = ["5625.00", "-5625.00", "8437.50", "0.01", "-0.03", "1000.00", "1234567.89", "0", "56.250", "7"]
            .map { Decimal(string: $0)! }
        for _ in 0..<3_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let cents = Int64(seed >> 36) - (1 << 27)
            bases.append(Decimal(sign: cents < 0 ? .minus : .plus, exponent: -2, significand: Decimal(cents.magnitude)))
        }
        let quantities: [Int64] = [1, -1, 2, 3, 7, 50, -50, 100, 150, -150, 200, 250, 300, 1_024, 10_000, 0]
        for basis in bases {
            for quantity in quantities {
                #expect(DecimalText.averageCost(costBasis: basis, quantity: quantity) == Self.byDivision(basis, quantity),
                        "\(basis) / \(quantity)")
            }
        }
    }
}
