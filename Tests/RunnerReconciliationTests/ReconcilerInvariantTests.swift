import Foundation
import RunnerBroker
import RunnerCore
import RunnerReconciliation
import RunnerTesting
import Testing

/// The invariants ``Reconciler`` documents, checked over seeded random books.
@Suite struct ReconcilerInvariantTests {
    /// Two random books over up to six symbols, their prices and an equity.
    struct Case {
        var expected: ExpectedBook
        var broker: BrokerBook
        var prices: [Symbol: Decimal]
        var equity: Decimal

        init(_ random: inout SplitMix64) {
            let symbols = (0..<Int.random(in: 1...6, using: &random)).map { Symbol("S\($0)") }
            var expected: [Symbol: Int64] = [:]
            var broker: [Symbol: Int64] = [:]
            var prices: [Symbol: Decimal] = [:]
            for symbol in symbols {
                let quantity = Int64.random(in: -500...500, using: &random)
                expected[symbol] = quantity
                // Half the symbols agree, the rest differ by a little or a lot.
                broker[symbol] =
                    Bool.random(using: &random) ? quantity : quantity + Int64.random(in: -50...50, using: &random)
                prices[symbol] = Decimal(Int.random(in: 1...100_000, using: &random)) / 100
            }
            var unknown: [ReconciliationOrder] = []
            if Bool.random(using: &random), let symbol = symbols.randomElement(using: &random) {
                unknown.append(
                    Fixtures.order("outside-\(symbol)", symbol, remaining: Int64.random(in: 0...20, using: &random)))
            }
            self.expected = ExpectedBook(positions: expected)
            self.broker = BrokerBook(positions: broker, openOrders: unknown)
            self.prices = prices
            equity = Decimal(Int.random(in: 10_000...10_000_000, using: &random))
        }

        func compare() throws -> ReconciliationReport {
            try Reconciler.compare(
                expected: expected, broker: broker, prices: prices, equity: equity,
                thresholds: Fixtures.thresholds)
        }
    }

    static let seeds: [UInt64] = Array(1...200)

    @Test(arguments: seeds)
    func theMismatchIsZeroExactlyWhenPositionsAndOpenOrdersAgree(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let testCase = Case(&random)
        let report = try testCase.compare()
        let positionsAgree = testCase.expected.positions.allSatisfy { testCase.broker.positions[$0.key] == $0.value }
        let noUnknownShares = testCase.broker.openOrders.allSatisfy { $0.remainingQuantity == 0 }
        #expect(report.mismatch >= 0)
        #expect((report.mismatch == 0) == (positionsAgree && noUnknownShares))
    }

    @Test(arguments: seeds)
    func theMismatchIsTheSumOfEachSymbolsPart(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let testCase = Case(&random)
        let report = try testCase.compare()
        var sum = Decimal(0)
        for (symbol, expected) in testCase.expected.positions {
            let difference = testCase.broker.positions[symbol, default: 0] - expected
            sum += Decimal(difference.magnitude) * testCase.prices[symbol]!
        }
        for order in testCase.broker.openOrders {
            sum += Decimal(order.remainingQuantity) * testCase.prices[order.symbol]!
        }
        #expect(report.mismatch == sum / testCase.equity)
    }

    @Test(arguments: seeds)
    func swappingTheSidesPositionsKeepsThePositionTerm(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let testCase = Case(&random)
        var swapped = testCase
        swapped.expected.positions = testCase.broker.positions
        swapped.broker.positions = testCase.expected.positions
        #expect(try swapped.compare().positionNotional == testCase.compare().positionNotional)
    }

    @Test(arguments: seeds)
    func renamingSymbolsAndAddingAnAgreeingOneChangeNothing(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let testCase = Case(&random)
        // A renaming that reverses the symbols' order, so rows come out in another order.
        func rename(_ symbol: Symbol) -> Symbol {
            Symbol("Z" + String(symbol.rawValue.reversed()) + "-\(999 - symbol.rawValue.count)")
        }
        var renamed = testCase
        renamed.expected.positions = Dictionary(
            uniqueKeysWithValues: testCase.expected.positions.map { (rename($0.key), $0.value) })
        renamed.broker.positions = Dictionary(
            uniqueKeysWithValues: testCase.broker.positions.map { (rename($0.key), $0.value) })
        renamed.broker.openOrders = testCase.broker.openOrders.map { order in
            var order = order
            order.symbol = rename(order.symbol)
            return order
        }.reversed()
        renamed.prices = Dictionary(uniqueKeysWithValues: testCase.prices.map { (rename($0.key), $0.value) })
        // One more symbol, held alike on both sides (and shifted alike: it still agrees).
        let shift = Int64.random(in: -1_000...1_000, using: &random)
        renamed.expected.positions["AGREE"] = 77 + shift
        renamed.broker.positions["AGREE"] = 77 + shift
        let original = try testCase.compare()
        let other = try renamed.compare()
        #expect(other.mismatch == original.mismatch)
        #expect(other.verdict == original.verdict)
        #expect(other.rows.count == original.rows.count + 1)
    }

    @Test(arguments: seeds)
    func shiftingBothSidesOfASymbolAlikeChangesNothing(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let testCase = Case(&random)
        var shifted = testCase
        let symbol = testCase.expected.positions.keys.sorted()[0]
        let shift = Int64.random(in: -10_000...10_000, using: &random)
        shifted.expected.positions[symbol]! += shift
        shifted.broker.positions[symbol, default: 0] += shift
        #expect(try shifted.compare().mismatch == testCase.compare().mismatch)
    }

    @Test(arguments: seeds)
    func theFirstSymbolWhoseSharesDifferWithoutAPriceIsNamed(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var testCase = Case(&random)
        let differing = testCase.expected.positions.keys.filter {
            testCase.broker.positions[$0] != testCase.expected.positions[$0]
        }.sorted()
        guard let symbol = differing.last else { return }
        testCase.prices[symbol] = nil
        testCase.broker.openOrders = []
        let first = differing.first { testCase.prices[$0] == nil }!
        #expect(throws: ReconciliationError.missingPrice(first)) { try testCase.compare() }
    }
}
