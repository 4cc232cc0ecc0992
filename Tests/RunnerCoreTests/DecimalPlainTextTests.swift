import Foundation
import RunnerCore
import Testing

/// `plainText` writes small values itself instead of asking `Decimal` for its description: the text must
/// be the very text the description gives, for values made every way the runner makes them.
@Suite struct DecimalPlainTextTests {
    /// What `plainText` wrote before the fast path: the description, padded to the minimum fraction digits.
    static func reference(_ value: Decimal, minimumFractionDigits: Int) -> String {
        var text = "\(value)"
        let fraction = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? -1
        guard minimumFractionDigits > 0, fraction < minimumFractionDigits else { return text }
        if fraction < 0 { text += "." }
        text += String(repeating: "0", count: minimumFractionDigits - max(fraction, 0))
        return text
    }

    static var values: [Decimal] {
        let texts = ["56.31", "0.0035", "-0.0035", "100", "-100", "3.6", "3.60", "0.5", "-0.5", "1e3", "1e-05", "12e2",
                     "187.2500", "0.01", "-0.01", "99999999.99", "18446744073709551615", "18446744073709551616",
                     "0.000000000001", "123456789012345678", "-98765.4321", "0", "7", "1000000", "2.5e-3"]
        var values = texts.map { Decimal(string: $0)! }
        // Results of the arithmetic the ledger and the paper broker do.
        var seed: UInt64 = 42
        for _ in 0..<400 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let cents = Int64(seed >> 40) - (1 << 23)
            let price = Decimal(sign: cents < 0 ? .minus : .plus, exponent: -2, significand: Decimal(cents.magnitude))
            let quantity = Decimal(Int64(seed >> 56) + 1)
            values.append(price)
            values.append(price * quantity)
            values.append((price * quantity).rounded(toPlaces: 2))
            values.append((price * Decimal(string: "1.0002")!).rounded(toPlaces: 4))
            values.append(price + Decimal(string: "0.10")!)
            values.append(price / quantity)
            if let double = Decimal(shortestRepresentationOf: Double(cents) / 1000) { values.append(double) }
        }
        return values
    }

    @Test func smallValuesAreWrittenAsTheirDescriptionWrites() {
        for value in Self.values {
            for digits in [0, 1, 2, 4] {
                #expect(value.plainText(minimumFractionDigits: digits) == Self.reference(value, minimumFractionDigits: digits),
                        "\(value) with \(digits) fraction digits")
            }
        }
    }

    @Test func readingTheTextBackGivesTheSameValue() {
        for value in Self.values {
            #expect(Decimal(decimalText: value.plainText(minimumFractionDigits: 2)) == value)
        }
    }
}

/// The integer fast paths read a `Decimal`'s parts from its storage; the layout check must hold on this
/// Foundation, or every fast path is off (slower, still exact).
@Suite struct DecimalPartsTests {
    @Test func thePartsAreReadFromThisFoundationsStorage() {
        #expect(Decimal(string: "56.25")?.smallParts.map { [$0.significand, Int64($0.exponent)] } == [5_625, -2])
        #expect(Decimal(string: "-0.0035")?.smallParts.map { [$0.significand, Int64($0.exponent)] } == [-35, -4])
        #expect(Decimal(string: "18446744073709551616")?.smallParts == nil)
        #expect(Decimal.nan.smallParts == nil)
    }
}
