import Testing

@testable import RunnerBrokerAlpaca

@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("2021-02-22T15:51:00Z", Int64(1_614_009_060_000)),
        ("2021-03-16T18:38:01.942282Z", Int64(1_615_919_881_942)),
        ("2021-03-16T14:38:01.9Z", Int64(1_615_905_481_900)),
        ("2021-03-16T14:38:01.123456789-04:00", Int64(1_615_919_881_123)),
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2024-02-29T23:59:59.999+00:00", Int64(1_709_251_199_999)),
    ])
    func readsAlpacaTimestamps(text: String, milliseconds: Int64) {
        #expect(RFC3339.milliseconds(text) == milliseconds)
    }

    @Test(arguments: [
        "", "2021-02-22", "2021-02-22T15:51:00", "2021-13-22T15:51:00Z", "2021-02-22T15:51:00.Z",
        "2021-02-22T15:51:00Zjunk", "2021-02-22T25:51:00Z",
    ])
    func refusesWhatIsNotADateTime(text: String) {
        #expect(RFC3339.milliseconds(text) == nil)
    }

    @Test(arguments: [Int64(0), 1_614_009_060_000, 1_615_919_881_942, -1, 4_102_444_800_000])
    func writesWhatItReads(milliseconds: Int64) {
        #expect(RFC3339.milliseconds(RFC3339.text(milliseconds: milliseconds)) == milliseconds)
    }

    @Test func writesUTCWithMilliseconds() {
        #expect(RFC3339.text(milliseconds: 1_615_919_881_942) == "2021-03-16T18:38:01.942Z")
    }
}
