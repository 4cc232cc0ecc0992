import Foundation
import Logging
import RunnerCore
import ServiceLifecycle
import Synchronization
import Testing

@testable import RunnerControl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct ControlServerTests {
    /// Requests no client of this version sends, with the refusal each gets.
    static let unreadableRequests: [UnreadableRequest] = [
        .init("not JSON", "not json\n", "the request is not a JSON object on one line"),
        .init("a bare newline", "\n", "the request is not a JSON object on one line"),
        .init(
            "no version", #"{"kind":"halt","reason":"r","origin":"o"}"# + "\n",
            "the request has no 'version'; this engine speaks version 1"),
        .init(
            "version 2", #"{"version":2,"kind":"halt","reason":"r","origin":"o"}"# + "\n",
            "the request is version 2, but this engine speaks version 1"),
        .init(
            "an unknown kind", #"{"version":1,"kind":"launch","reason":"r","origin":"o"}"# + "\n",
            "'launch' is not a command; the commands are halt, reduce, resume, flatten, status, kill"),
        .init(
            "no kind", #"{"version":1,"reason":"r","origin":"o"}"# + "\n",
            "the request has no 'kind'; the commands are halt, reduce, resume, flatten, status, kill"),
        .init(
            "no reason", #"{"version":1,"kind":"halt","origin":"o"}"# + "\n",
            "the halt request does not fit version 1: 'reason' is missing"),
        .init("nothing", "", "the request was empty; send one JSON object on one line"),
        .init(
            "70,000 bytes", String(repeating: "x", count: 70_000) + "\n",
            "the request is longer than 65536 bytes; a request is one short JSON line"),
    ]

    @Test(arguments: ControlCommandKind.allCases)
    func everyKindReachesTheHandlerAndItsReplyComesBack(_ kind: ControlCommandKind) async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        let server = try ControlServer(path: path, handler: ControlFixtures.handler)
        try await server.serving {
            let result = await ControlFixtures.send(kind, to: path)
            let reply = try result.get()
            #expect(reply.accepted)
            if kind == .status {
                #expect(reply.status == ControlFixtures.status)
            } else {
                #expect(reply.message == "\(kind): test \(kind) from RunnerControlTests")
                #expect(reply.status == nil)
            }
        }
    }

    @Test func theSocketFileIsReadableAndWritableByItsOwnerOnly() async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        let server = try ControlServer(path: path, handler: ControlFixtures.handler)
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o600)
        try await server.serving {}
    }

    @Test func aSocketLeftByADeadRunIsReportedByTheClientThenReplacedByTheServer() async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        // A run that died: its socket file stays, nothing listens on it.
        let dead = try #require(try? UnixSocket.makeStream().get())
        #expect(dead.bind(to: try UnixSocket.address(for: path)) == nil)
        dead.close()

        let before = await ControlFixtures.send(.status, to: path)
        #expect(before == .failure(.staleSocket(path: path)))
        #expect("\(ControlError.staleSocket(path: path))" == "no run is alive: \(path) is left from a run that died")

        let server = try ControlServer(path: path, handler: ControlFixtures.handler)
        #expect(server.staleSocketNote == "removed \(path), a control socket left by a run that died")
        try await server.serving {
            try await ControlFixtures.expectStatusAnswered(at: path)
        }
    }

    @Test func aSecondServerOnTheSocketOfALiveRunIsRefused() async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        let server = try ControlServer(path: path, handler: ControlFixtures.handler)
        try await server.serving {
            #expect(throws: ControlError.anotherRunAlive(path: path)) {
                _ = try ControlServer(path: path, handler: ControlFixtures.handler)
            }
            // The refused one left the live socket alone.
            try await ControlFixtures.expectStatusAnswered(at: path)
        }
        #expect("\(ControlError.anotherRunAlive(path: path))".hasPrefix("another run of this environment is alive"))
    }

    @Test func aFileThatIsNotASocketIsLeftAlone() throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        try "notes".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ControlError.notASocket(path: path)) {
            _ = try ControlServer(path: path, handler: ControlFixtures.handler)
        }
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test(arguments: ControlServerTests.unreadableRequests)
    func aRequestThatCannotBeReadIsRefusedAndTheServerKeepsServing(_ request: UnreadableRequest) async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        let handled = Counter()
        let server = try ControlServer(path: path) { command in
            handled.increment()
            return await ControlFixtures.handler(command)
        }
        try await server.serving {
            let reply = await ControlFixtures.sendRaw(Array(request.text.utf8), to: path, closingAfterWrite: true)
            #expect(reply == ControlReply(accepted: false, message: request.refusal))
            #expect(handled.value == 0)
            try await ControlFixtures.expectStatusAnswered(at: path)
            #expect(handled.value == 1)
        }
    }

    @Test func aClientThatSendsNothingDoesNotDelayAnother() async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        // Were connections served one at a time, the second would wait the silent one's ten minutes, and
        // its client gives up long before.
        let server = try ControlServer(path: path, ioTimeout: .seconds(600), handler: ControlFixtures.handler)
        try await server.serving {
            guard case .connected(let silent) = try UnixSocket.connecting(to: path, timeout: .seconds(1)) else {
                Issue.record("the silent client could not connect")
                return
            }
            defer { silent.close() }
            try await ControlFixtures.expectStatusAnswered(at: path)
        }
    }

    @Test func aClientThatSendsNothingIsAnsweredWhenItsTimeIsUp() async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        let server = try ControlServer(path: path, ioTimeout: .milliseconds(200), handler: ControlFixtures.handler)
        try await server.serving {
            let reply = await ControlFixtures.sendRaw([], to: path, closingAfterWrite: false)
            #expect(
                reply
                    == ControlReply(
                        accepted: false, message: "no request arrived within 0.2 seconds; the connection is closed"))
        }
    }

    @Test func aPathLongerThanASocketAddressHoldsIsAnErrorThatNamesIt() async throws {
        let path = "/tmp/" + String(repeating: "d", count: 120) + "/control.sock"
        let limit = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
        let expected = ControlError.pathTooLong(path: path, length: path.utf8.count, limit: limit)
        #expect(throws: expected) { _ = try ControlServer(path: path, handler: ControlFixtures.handler) }
        #expect(await ControlFixtures.send(.halt, to: path) == .failure(expected))
        #expect("\(expected)".hasPrefix("the control socket path '\(path)' is \(path.utf8.count) bytes long"))
    }

    @Test func gracefulShutdownClosesTheSocketAndRemovesItsFile() async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        let server = try ControlServer(path: path, handler: ControlFixtures.handler)
        let group = ServiceGroup(services: [server], logger: Logger(label: "RunnerControlTests"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await ControlFixtures.expectStatusAnswered(at: path)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(await ControlFixtures.send(.status, to: path) == .failure(.noRunAlive(path: path)))
    }
}

/// A request line a client of this version never sends, named for the test report.
struct UnreadableRequest: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var refusal: String

    init(_ name: String, _ text: String, _ refusal: String) {
        self.name = name
        self.text = text
        self.refusal = refusal
    }

    var testDescription: String { name }
}

/// Counts calls from any thread.
final class Counter: Sendable {
    private let count = Locked(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
