import Foundation
import Logging
import RunnerAlerts
import RunnerCore
import RunnerJournal
import RunnerJournaling
import ServiceLifecycle
import Testing

@Suite struct AlertDispatcherTests {
    @Test func everyAlertIsJournaledWithItsKindAndEnvironmentAndLogged() async throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let journal = try SQLiteJournal(path: folder.file("journal.sqlite"))
        let dispatcher = AlertDispatcher(
            sinks: [], journal: journal, logger: folder.log.logger(label: "runner.alerts"),
            settings: try .testing(RecordedSleeps()))
        let rows = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await journal.run() }
            dispatcher.raise(SampleAlert.watchdog)
            dispatcher.raise(SampleAlert.numbered(2, .info))
            try await journal.flush()
            let rows = try journal.alerts()
            try await journal.close()
            try await group.waitForAll()
            return rows
        }
        #expect(
            rows == [
                JournaledAlert(
                    level: "critical", message: SampleAlert.watchdog.message, at: 1_767_623_400_250,
                    kind: .watchdog, environment: "live"),
                JournaledAlert(
                    level: "info", message: "alert 2", at: 1_767_623_400_002, kind: .reconciliation,
                    environment: "paper"),
            ])
        let lines = try folder.logLines()
        #expect(lines.count == 2)
        #expect(lines[0]["level"] as? String == "critical")
        #expect(lines[0]["label"] as? String == "runner.alerts")
        #expect(lines[0]["message"] as? String == "critical watchdog alert: " + SampleAlert.watchdog.message)
        #expect(lines[0]["alert_kind"] as? String == "watchdog")
        #expect(lines[0]["environment"] as? String == "live")
        #expect(lines[1]["level"] as? String == "info")
    }

    @Test func alertsBelowTheMinimumSeverityReachTheJournalAndLogButNoSink() async throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let journal = MemoryJournal()
        let sink = RecordingAlertSink()
        let dispatcher = AlertDispatcher(
            sinks: [sink], journal: journal, logger: folder.log.logger(label: "test"),
            settings: try .testing(RecordedSleeps(), minimumSeverity: .warning))
        dispatcher.raise(SampleAlert.numbered(1, .info))
        dispatcher.raise(SampleAlert.numbered(2, .warning))
        dispatcher.raise(SampleAlert.numbered(3, .critical))
        await dispatcher.drain(timeout: patience)

        #expect(sink.received.map(\.message) == ["alert 2", "alert 3"])
        #expect(journal.entries.count == 3)
        #expect(try folder.logLines().count == 3)
    }

    @Test func raiseReturnsWhileASinkHoldsItsDelivery() async throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let held = RecordingAlertSink(held: true)
        let dispatcher = AlertDispatcher(
            sinks: [held], journal: nil, logger: folder.log.logger(label: "test"),
            settings: try .testing(RecordedSleeps()))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await dispatcher.run() }
            dispatcher.raise(SampleAlert.numbered(1))
            dispatcher.raise(SampleAlert.numbered(2))
            // Both raises returned although the first delivery cannot finish.
            #expect(await eventually { dispatcher.statistics[0].waiting == 2 })
            #expect(held.received.isEmpty)
            held.release()
            #expect(await eventually { held.received.count == 2 })
            group.cancelAll()
        }
        #expect(dispatcher.statistics[0].delivered == 2)
    }

    @Test func aFullQueueDropsTheOldestNonCriticalAlertAndLogsIt() async throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let sink = RecordingAlertSink(name: "pager")
        let dispatcher = AlertDispatcher(
            sinks: [sink], journal: nil, logger: folder.log.logger(label: "test"),
            settings: try .testing(RecordedSleeps(), queueCapacity: 2))
        // Nothing delivers until the drain: the queue fills.
        dispatcher.raise(SampleAlert.numbered(1, .critical))
        dispatcher.raise(SampleAlert.numbered(2, .warning))
        dispatcher.raise(SampleAlert.numbered(3, .warning))
        dispatcher.raise(SampleAlert.numbered(4, .critical))
        #expect(dispatcher.statistics[0].dropped == 2)
        await dispatcher.drain(timeout: patience)

        #expect(sink.received.map(\.message) == ["alert 1", "alert 4"])
        let drops = try folder.logLines().filter { ($0["message"] as? String)?.contains("is full") == true }
        #expect(drops.count == 2)
        #expect(drops.map { $0["dropped_message"] as? String } == ["alert 2", "alert 3"])
        #expect(drops.allSatisfy { $0["level"] as? String == "warning" })
    }

    @Test func aDrainThatRunsOutOfTimeLogsWhatIsUndeliveredAndKeepsIt() async throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let held = RecordingAlertSink(name: "stuck", held: true)
        let dispatcher = AlertDispatcher(
            sinks: [held], journal: nil, logger: folder.log.logger(label: "test"),
            settings: try .testing(RecordedSleeps()))
        dispatcher.raise(SampleAlert.numbered(1))
        let statistics = await dispatcher.drain(timeout: .milliseconds(200))
        // The delivery under way was cancelled; the alert waits in the queue for a later drain.
        #expect(statistics[0].delivered == 0)
        #expect(statistics[0].waiting == 1)
        #expect(held.received.isEmpty)
        #expect(
            try folder.logMessages().contains {
                $0
                    == "alert sink stuck still had 1 alert(s) to deliver after 0.2 seconds: they are in the journal and this "
                    + "log, not delivered"
            })
        held.release()
        #expect(await dispatcher.drain(timeout: patience)[0].delivered == 1)
        #expect(held.received.count == 1)
    }

    @Test func asAServiceItDeliversWhileRunningAndDrainsOnGracefulShutdown() async throws {
        let folder = try AlertTestFolder()
        defer { folder.remove() }
        let sink = RecordingAlertSink(failures: 1)
        let dispatcher = AlertDispatcher(
            sinks: [sink], journal: nil, logger: folder.log.logger(label: "test"),
            settings: try .testing(RecordedSleeps()))
        let group = ServiceGroup(
            services: [dispatcher], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            dispatcher.raise(SampleAlert.numbered(1))
            #expect(await eventually { sink.received.count == 1 })
            dispatcher.raise(SampleAlert.numbered(2))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(sink.received.map(\.message) == ["alert 1", "alert 2"])
        #expect(dispatcher.statistics[0].failedAttempts == 1)
    }
}
