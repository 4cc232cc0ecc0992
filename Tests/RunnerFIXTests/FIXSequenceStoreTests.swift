import Foundation
import Testing

@testable import RunnerFIX

@Suite struct FIXSequenceStoreTests {
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "fix-store-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func numbersSurviveAndAFreshStoreStartsAtOne() throws {
        let directory = Self.temporaryDirectory()
        let store = FIXSequenceStore(directory: directory, senderCompID: "RUNNER", targetCompID: "BROKER")
        #expect(try store.load() == FIXSequenceNumbers(nextOutgoing: 1, nextIncoming: 1))
        try store.save(FIXSequenceNumbers(nextOutgoing: 42, nextIncoming: 17))
        let reopened = FIXSequenceStore(directory: directory, senderCompID: "RUNNER", targetCompID: "BROKER")
        #expect(try reopened.load() == FIXSequenceNumbers(nextOutgoing: 42, nextIncoming: 17))
        // One file per CompID pair, nothing else left behind by the atomic write.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["RUNNER-BROKER.seqnums"])
        #expect(
            try FIXSequenceStore(directory: directory, senderCompID: "RUNNER", targetCompID: "OTHER").load()
                == FIXSequenceNumbers())
    }

    @Test func aMalformedFileIsAnErrorNamingTheFile() throws {
        let directory = Self.temporaryDirectory()
        let store = FIXSequenceStore(directory: directory, senderCompID: "RUNNER", targetCompID: "BROKER")
        try "12 x\n".write(toFile: store.path, atomically: true, encoding: .utf8)
        #expect(throws: FIXStoreError.self) { try store.load() }
        do { _ = try store.load() } catch { #expect(error.description.hasPrefix(store.path + ":1:")) }
    }

    @Test func aSessionResumesFromTheStoredNumbers() throws {
        let directory = Self.temporaryDirectory()
        let store = FIXSequenceStore(directory: directory, senderCompID: "RUNNER", targetCompID: "BROKER")
        var first = FIXSession(configuration: SessionScript.configuration, numbers: try store.load())
        for action in first.connected(now: 0) { if case .persist(let numbers) = action { try store.save(numbers) } }
        for action in first.received(SessionScript.logonReply(1), now: 1) {
            if case .persist(let numbers) = action { try store.save(numbers) }
        }
        for action in first.send(FIXMessage(type: "D"), now: 2) ?? [] {
            if case .persist(let numbers) = action { try store.save(numbers) }
        }
        // A restart: the next Logon goes out with 3 and expects 2.
        var second = FIXSession(configuration: SessionScript.configuration, numbers: try store.load())
        #expect(second.connected(now: 10).sent.first?[34] == "3")
        #expect(second.numbers.nextIncoming == 2)
    }
}
