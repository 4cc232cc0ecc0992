import Foundation
import Testing

@testable import RunnerRisk

/// Denial figures print percentages digit by digit; they must read exactly as the plain string
/// arithmetic below (the first implementation) would print them.
@Suite struct PercentFormatTests {
    /// The reference: fixed decimals by string concatenation.
    private func reference(_ fraction: Double, decimals: Int) -> String {
        let percent = fraction * 100
        guard percent.isFinite, abs(percent) < 1e12 else { return "\(percent)%" }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(percent) * Double(scale)).rounded())
        let whole = scaled / scale
        var digits = String(scaled % scale)
        digits = String(repeating: "0", count: max(0, decimals - digits.count)) + digits
        return (percent < 0 && scaled != 0 ? "-" : "") + "\(whole)" + (decimals > 0 ? "." + digits : "") + "%"
    }

    private func reference(_ fraction: Double, distinctFrom limit: Double?) -> String {
        var decimals = 2
        while decimals < 6, let limit, fraction != limit,
            reference(fraction, decimals: decimals) == reference(limit, decimals: decimals)
        {
            decimals += 1
        }
        return reference(fraction, decimals: decimals)
    }

    @Test(arguments: [
        0.0, -0.0, 0.0142, -0.0142, 1, 1.8222, 0.01001, 0.00004, -0.00004, 0.99999999, 123_456_789.012, 9.9e9,
        1e10, -1e10, .nan, .infinity, -.infinity,
    ])
    func edgeValuesPrintAsTheReference(fraction: Double) {
        #expect(percent(fraction) == reference(fraction, distinctFrom: nil))
        #expect(percent(fraction, distinctFrom: 0.01) == reference(fraction, distinctFrom: 0.01))
    }

    @Test func valuesNearTheirLimitGetMoreDecimals() {
        #expect(percent(0.010_01, distinctFrom: 0.01) == "1.001%")
        #expect(percent(1.8222, distinctFrom: 1) == "182.22%")
        #expect(percent(0.000_001) == "0.00%")
    }

    @Test func seededRandomValuesPrintAsTheReference() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<20_000 {
            let limit = (next() * 2).rounded(toPlaces: 2)
            let near = limit + (next() - 0.5) * 1e-5
            let far = (next() - 0.3) * 1000
            #expect(percent(near, distinctFrom: limit) == reference(near, distinctFrom: limit))
            #expect(percent(far, distinctFrom: limit) == reference(far, distinctFrom: limit))
        }
    }
}

extension Double {
    fileprivate func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
