import RunnerCore
import Testing

@testable import RunnerAlerts

@Suite struct AlertQueueTests {
    @Test func aFullQueueDropsItsOldestNonCriticalAlert() {
        var queue = AlertQueue(capacity: 3)
        #expect(queue.push(SampleAlert.numbered(1, .critical)) == nil)
        #expect(queue.push(SampleAlert.numbered(2, .warning)) == nil)
        #expect(queue.push(SampleAlert.numbered(3, .info)) == nil)
        #expect(queue.push(SampleAlert.numbered(4, .warning)) == SampleAlert.numbered(2, .warning))
        #expect(queue.alerts.map(\.message) == ["alert 1", "alert 3", "alert 4"])
    }

    @Test func aCriticalAlertIsNeverDroppedEvenPastTheCapacity() {
        var queue = AlertQueue(capacity: 2)
        for number in 1...4 { #expect(queue.push(SampleAlert.numbered(number, .critical)) == nil) }
        #expect(queue.count == 4)
        // A non-critical newcomer is then the oldest non-critical alert: it is the one dropped.
        #expect(queue.push(SampleAlert.numbered(5, .info)) == SampleAlert.numbered(5, .info))
        #expect(queue.alerts.allSatisfy { $0.severity == .critical })
    }

    @Test func anAlertPutBackIsTheNextTaken() {
        var queue = AlertQueue(capacity: 5)
        _ = queue.push(SampleAlert.numbered(1))
        _ = queue.push(SampleAlert.numbered(2))
        let first = queue.popFirst()
        #expect(first == SampleAlert.numbered(1))
        queue.putBack(SampleAlert.numbered(1))
        #expect(queue.popFirst() == SampleAlert.numbered(1))
        #expect(queue.popFirst() == SampleAlert.numbered(2))
        #expect(queue.popFirst() == nil)
    }

    @Test func retryDelaysDoubleUpToTheLongest() throws {
        let settings = try AlertDispatchSettings(
            attempts: 10, firstRetryDelay: .seconds(1), longestRetryDelay: .seconds(10))
        #expect((1...6).map(settings.retryDelay(after:)) == [1, 2, 4, 8, 10, 10].map { Duration.seconds($0) })
    }

    @Test(arguments: [0, 21])
    func attemptsOutsideTheirRangeAreRefused(_ attempts: Int) {
        #expect(throws: AlertError.self) { try AlertDispatchSettings(attempts: attempts) }
    }

    @Test func aLongestDelayShorterThanTheFirstIsRefused() {
        #expect(throws: AlertError.self) {
            try AlertDispatchSettings(firstRetryDelay: .seconds(5), longestRetryDelay: .seconds(1))
        }
    }
}
