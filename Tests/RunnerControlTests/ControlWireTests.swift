import Foundation
import RunnerCore
import RunnerRisk
import Testing

@testable import RunnerControl

@Suite struct ControlWireTests {
    @Test func aRequestIsOneJSONLineWithItsVersion() throws {
        let command = ControlCommand(
            kind: .reduce, reason: "earnings at 16:00", origin: "runner reduce (pid 7, user ops)")
        let line = String(decoding: ControlWire.encode(command), as: UTF8.self)
        #expect(
            line
                == #"{"kind":"reduce","origin":"runner reduce (pid 7, user ops)","reason":"earnings at 16:00","version":1}"#
                + "\n")
        #expect(try ControlWire.decodeRequest(Array(line.utf8.dropLast())).get() == command)
    }

    @Test func aStatusReplyKeepsEveryFieldAndEveryCent() throws {
        let reply = ControlReply(accepted: true, message: "status", status: ControlFixtures.status)
        let line = ControlWire.encode(reply)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains(#""equity":"100012.34""#))
        #expect(text.contains(#""average_cost":"402.105""#))
        #expect(text.contains(#""trading_state":{"mode":"halted","reason":"command","since":1767623400000"#))
        #expect(text.contains(#""status":"partially_filled""#))
        #expect(try ControlWire.decodeReply(Array(line.dropLast())).get() == reply)
    }

    @Test func aReplyWithoutAStatusLeavesItOut() throws {
        let line = String(
            decoding: ControlWire.encode(ControlReply(accepted: false, message: "already halted")), as: UTF8.self)
        #expect(line == #"{"accepted":false,"message":"already halted","version":1}"# + "\n")
    }

    @Test(arguments: [
        ("hello", "the reply is not a JSON object on one line"),
        (#"{"accepted":true,"message":"ok"}"#, "the reply has no version, but this runner speaks version 1"),
        (#"{"version":3,"accepted":true,"message":"ok"}"#, "the reply has version 3, but this runner speaks version 1"),
        (#"{"version":1,"message":"ok"}"#, "the reply does not fit version 1: 'accepted' is missing"),
    ])
    func aReplyThatCannotBeReadSaysWhy(_ line: String, _ problem: String) {
        #expect(ControlWire.decodeReply(Array(line.utf8)) == .failure(WireProblem(problem)))
    }

    @Test func aMoneyFigureThatIsNotPlainDigitsIsRefused() throws {
        let line = String(
            decoding: ControlWire.encode(ControlReply(accepted: true, message: "s", status: ControlFixtures.status)),
            as: UTF8.self
        )
        .replacingOccurrences(of: #""equity":"100012.34""#, with: #""equity":"100012.34abc""#)
        let result = ControlWire.decodeReply(Array(line.utf8.dropLast()))
        #expect(
            result
                == .failure(
                    WireProblem(
                        "the reply does not fit version 1: 'status.equity': '100012.34abc' is not a plain decimal number such as -12.50"
                    )))
    }

    @Test(arguments: ["0", "-12.5", "187.25", "100012.340"])
    func plainDigitsAreDecimals(_ text: String) {
        #expect(Decimal(plainDigits: text) == Decimal(string: text))
    }

    @Test(arguments: ["", "-", "1.", ".5", "1e3", "12abc", "1.2.3", "+1", " 1"])
    func anythingElseIsNot(_ text: String) {
        #expect(Decimal(plainDigits: text) == nil)
    }
}

@Suite struct ControlClientTests {
    @Test func noSocketFileMeansNoRunIsAlive() async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        #expect(await ControlFixtures.send(.halt, to: path) == .failure(.noRunAlive(path: path)))
        #expect("\(ControlError.noRunAlive(path: path))" == "no run is alive: nothing listens at \(path)")
    }

    @Test func anEngineThatDoesNotAnswerInTimeIsATimeout() async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        let server = try ControlServer(path: path) { command in
            try? await Task.sleep(for: .seconds(30))
            return ControlReply(accepted: true, message: "too late")
        }
        try await server.serving {
            let result = await ControlFixtures.send(.flatten, to: path, timeout: .milliseconds(300))
            #expect(result == .failure(.timedOut(path: path, timeout: .milliseconds(300))))
        }
        #expect(
            "\(ControlError.timedOut(path: path, timeout: .seconds(10)))"
                == "the engine at \(path) did not answer within 10 seconds; the command may still be applied, "
                + "so check with `runner status`")
    }

    @Test func anAnswerThatIsNotAReplyIsMalformed() async throws {
        let path = try ControlFixtures.socketPath()
        defer { ControlFixtures.removeFolder(of: path) }
        // Something else listens there and answers in its own language.
        let listener = try #require(try? UnixSocket.makeStream().get())
        defer { listener.close() }
        #expect(listener.bind(to: try UnixSocket.address(for: path)) == nil)
        #expect(listener.listen(backlog: 1) == nil)
        async let answered: Void = BlockingThread.run(named: "test-impostor") {
            let deadline = ContinuousClock.now + ControlFixtures.patience
            while ContinuousClock.now < deadline {
                guard case .success(let connection) = listener.acceptConnection() else {
                    usleep(10_000)
                    continue
                }
                _ = connection.readLine(limit: 1_000, deadline: deadline)
                _ = connection.write(Array("HTTP/1.1 400 Bad Request\n".utf8), deadline: deadline)
                connection.close()
                return
            }
        }
        let result = await ControlFixtures.send(.status, to: path)
        await answered
        #expect(result == .failure(.malformedReply(path: path, problem: "the reply is not a JSON object on one line")))
    }
}
