import Foundation
import RunnerBroker
import RunnerBrokerPaper
import RunnerCore
import Testing

/// A bar's volume comes from a data file: whatever it holds, matching never traps and fills what the
/// volume and the participation cap allow.
@Suite struct PaperBrokerVolumeTests {
    let time = ManualTimeSource(milliseconds: 0)

    @Test(arguments: [
        (1e20, 1.0, Int64(2_500)), (1e300, 0.5, 2_500), (.infinity, 1, 2_500), (.nan, 1, 0), (-1e20, 1, 0),
        (0, 1, 0), (9.3e18, 1, 2_500), (1_000, 0.1, 100), (1e15, 1e-20, 0),
    ] as [(Double, Double, Int64)])
    func anyVolumeFillsWithinTheCapWithoutTrapping(_ volume: Double, _ participation: Double, _ filled: Int64) async throws {
        let paper = PaperBroker(settings: PaperBrokerSettings(latency: 0, slippage: 0, maxParticipation: participation,
                                                              feeRate: 0, startingCash: Money(1_000_000, "USD")),
                                time: time)
        _ = try await paper.submit(order("o1", .buy, 2_500))
        let fills = paper.process(bar(1, open: 10, volume: volume))
        #expect(fills.map(\.quantity).reduce(0, +) == filled)
    }
}
