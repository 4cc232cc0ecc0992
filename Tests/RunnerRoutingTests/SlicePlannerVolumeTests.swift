import Testing

@testable import RunnerRouting

/// VWAP caps come from volumes read from data files: any of them plans slices that add up, without trapping.
@Suite struct SlicePlannerVolumeTests {
    @Test(arguments: [
        [1e20, 1e20], [1e300, 1, 1e300], [Double.infinity, 5], [Double.nan, 100, 100], [9.3e18, 9.3e18, 1],
        [-1e20, 3, 4], [0, 0, 1],
    ])
    func anyProfileAddsUpWithoutTrapping(_ profile: [Double]) {
        for quantity in [Int64(1), 1_000, 1_000_000] {
            let slices = SlicePlanner.vwap(quantity: quantity, profile: profile, interval: 60_000, participation: 1)
            #expect(slices.reduce(0) { $0 + $1.quantity } == quantity)
            #expect(slices.allSatisfy { $0.quantity > 0 })
        }
    }

    @Test(arguments: [(1e30, Int64(10), Int64(10)), (7.9, 10, 7), (.nan, 10, 0), (-3, 10, 0), (.infinity, 5, 5), (9.2e18, .max, Int64(9.2e18))])
    func capsAreWholeSharesHeldAtTheLimit(_ shares: Double, _ limit: Int64, _ expected: Int64) {
        #expect(SlicePlanner.cappedShares(shares, at: limit) == expected)
    }
}
