import Foundation
import RunnerBroker
import RunnerCore
import Testing

@testable import RunnerFIX

/// The adapter against input a real engine does not send: silence, bad fields, unsupported types, garbage.
@Suite struct FIXAdapterRobustnessTests {
    static func adapter(
        _ acceptor: ScriptedAcceptor, heartbeat: Duration = .seconds(5), requestTimeout: Duration = .seconds(5),
        logonTimeout: Duration = .seconds(5)
    ) throws -> FIXBrokerAdapter {
        try FIXBrokerAdapter(
            settings: FIXSettings(
                host: "127.0.0.1", port: acceptor.port, senderCompID: "RUNNER", targetCompID: "BROKER",
                heartbeatInterval: heartbeat,
                storeDirectory: NSTemporaryDirectory() + "fix-robust-\(UUID().uuidString)",
                requestTimeout: requestTimeout, logonTimeout: logonTimeout, reconnectInitialDelay: .milliseconds(100)))
    }

    @Test func noLogonReplyFailsTheConnectInTime() async throws {
        let acceptor = try await ScriptedAcceptor(answersLogon: false)
        let adapter = try Self.adapter(acceptor, logonTimeout: .milliseconds(500))
        let started = ContinuousClock.now
        await #expect(throws: BrokerError.self) { try await adapter.connect() }
        // Bounded, not fast: it gives up rather than hangs.
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(!adapter.isConnected)
    }

    @Test func anOrderWithoutAnswerHasAnUnknownOutcome() async throws {
        let acceptor = try await ScriptedAcceptor()
        let adapter = try Self.adapter(acceptor, requestTimeout: .milliseconds(300))
        try await adapter.connect()
        await #expect(throws: BrokerError.outcomeUnknown(clientOrderID: "quiet-1")) {
            try await adapter.submit(FIXScenarioOrders.order("quiet-1"))
        }
        #expect(acceptor.received.last?.messageType == "D")
        #expect(acceptor.received.last?[11] == "quiet-1")
        // A caller that gives up (the engine's own timeout) ends the wait at once, with the same meaning.
        let task = Task { try await adapter.submit(FIXScenarioOrders.order("quiet-2")) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await #expect(throws: BrokerError.outcomeUnknown(clientOrderID: "quiet-2")) { try await task.value }
        await adapter.disconnect()
    }

    @Test func aDropAfterTheOrderWentOutMakesItsOutcomeUnknown() async throws {
        let acceptor = try await ScriptedAcceptor()
        let adapter = try Self.adapter(acceptor)
        try await adapter.connect()
        let task = Task { try await adapter.submit(FIXScenarioOrders.order("drop-1")) }
        await eventually("the order") { acceptor.received.last?.messageType == "D" }
        acceptor.drop()
        await #expect(throws: BrokerError.outcomeUnknown(clientOrderID: "drop-1")) { try await task.value }
        await adapter.disconnect()
    }

    @Test func badFieldsAndUnknownTypesAreRejectedAndGarbageIsIgnored() async throws {
        let acceptor = try await ScriptedAcceptor()
        // A heartbeat far longer than the test: a loaded machine must not make the session test its peer,
        // drop and log on again in the middle, which would renumber every message below.
        let adapter = try Self.adapter(acceptor, heartbeat: .seconds(300))
        let recorder = Recorder(adapter)
        try await adapter.connect()
        // Logon was 1; this report (2) lacks ExecType.
        acceptor.send(FIXMessage(type: "8", [FIXField(11, "x"), FIXField(39, "0"), FIXField(17, "E1")]))
        await eventually("a Reject of message 2") { acceptor.received.contains { $0.messageType == "3" } }
        let reject = try #require(acceptor.received.first { $0.messageType == "3" })
        #expect(reject[45] == "2")
        #expect(reject[371] == "150")
        #expect(reject[373] == "1")
        // 3: a type the adapter does not handle.
        acceptor.send(FIXMessage(type: "ZZ", [FIXField(58, "what")]))
        await eventually("a BusinessMessageReject") { acceptor.received.contains { $0.messageType == "j" } }
        #expect(acceptor.received.first { $0.messageType == "j" }?[380] == "3")
        // Garbage and a message with a broken checksum: ignored, no sequence number used.
        acceptor.sendRaw(
            Array("garbage".utf8) + Array(FIXEncoder.encode(FIXMessage(type: "0")).dropLast(2)) + [0x30, 0x01])
        // 4: a fill with a price that is not a number: rejected naming 31, not delivered.
        acceptor.send(Self.trade(id: "E2", price: "1O0"))
        await eventually("a Reject of message 4") {
            acceptor.received.contains { $0.messageType == "3" && $0[45] == "4" }
        }
        #expect(acceptor.received.last { $0.messageType == "3" }?[371] == "31")
        // 5: a good fill still arrives: the session is in sequence.
        acceptor.send(Self.trade(id: "E3", price: "100.25"))
        await eventually("the good fill") { recorder.fills.count == 1 }
        #expect(recorder.fills.first?.price == Decimal(string: "100.25"))
        #expect(adapter.sequenceNumbers.nextIncoming == 6)
        #expect(adapter.isConnected)
        await adapter.disconnect()
    }

    static func trade(id: String, price: String) -> FIXMessage {
        FIXMessage(
            type: "8",
            [
                FIXField(11, "o-1"), FIXField(17, id), FIXField(150, "F"), FIXField(39, "2"), FIXField(55, "AAPL"),
                FIXField(54, "1"), FIXField(38, "10"), FIXField(14, "10"), FIXField(32, "10"), FIXField(31, price),
            ])
    }

    @Test func silenceGetsATestRequestThenTheConnectionIsLostAndRestored() async throws {
        let acceptor = try await ScriptedAcceptor()
        let adapter = try Self.adapter(acceptor, heartbeat: .seconds(1))
        let recorder = Recorder(adapter)
        try await adapter.connect()
        await eventually("a TestRequest") {
            acceptor.received.contains { $0.messageType == "1" }
        }
        await eventually("the lost event") {
            recorder.events.contains {
                if case .lost(let reason) = $0 { reason.contains("TestRequest") } else { false }
            }
        }
        // The reconnection logs on again (the scripted acceptor answers every Logon). The acceptor stays
        // silent, so on a slow machine the next silence may already have cost another connection: at least 2.
        await eventually("the restored event") { recorder.events.contains(.restored) }
        #expect(acceptor.received.filter { $0.messageType == "A" }.count >= 2)
        await adapter.disconnect()
    }

    @Test func aLogonRefusedWhileReconnectingIsAFailureAndTheAdapterStops() async throws {
        let acceptor = try await ScriptedAcceptor()
        let adapter = try Self.adapter(acceptor)
        let recorder = Recorder(adapter)
        try await adapter.connect()
        acceptor.refuseLogons()
        acceptor.drop()
        await eventually("the failed event") {
            recorder.events.contains(.failed(reason: "the counterparty refused the Logon: invalid password"))
        }
        #expect(recorder.events.first.map { if case .lost = $0 { true } else { false } } == true)
        let logons = acceptor.received.filter { $0.messageType == "A" }.count
        try await Task.sleep(for: .milliseconds(500))
        // No more attempts: the reconnect backoff (100 ms here) would have tried several times by now.
        #expect(acceptor.received.filter { $0.messageType == "A" }.count == logons)
        await #expect(throws: BrokerError.disconnected) { try await adapter.positions() }
    }
}
