import Foundation
import RunnerCore
import RunnerRisk
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@testable import RunnerControl

/// Short socket paths under /tmp (a temporary folder can be too deep for `sun_path`), and helpers that
/// keep blocking socket calls off the threads that run the tests' tasks.
enum ControlFixtures {
    /// How long a test waits for an answer that should come at once: long, because the whole test run
    /// can keep the few threads that run tasks busy for many seconds (a failure is still a failure).
    static let patience: Duration = .seconds(120)

    /// A fresh path such as `/tmp/rc-1a2b3c4d/control.sock`, its folder made.
    static func socketPath() throws -> String {
        let folder = "/tmp/rc-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/control.sock"
    }

    static func removeFolder(of path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }

    /// The client, on a thread of its own.
    static func send(
        _ kind: ControlCommandKind, to path: String, timeout: Duration = patience
    ) async -> Result<ControlReply, ControlError> {
        let command = ControlCommand(kind: kind, reason: "test \(kind)", origin: "RunnerControlTests")
        return await BlockingThread.run(named: "test-client") {
            Result(catching: { () throws(ControlError) -> ControlReply in
                try ControlClient.send(command, to: path, timeout: timeout)
            })
        }
    }

    /// Sends `status` and expects an accepted reply.
    static func expectStatusAnswered(at path: String, timeout: Duration = patience) async throws {
        let result = await send(.status, to: path, timeout: timeout)
        let reply = try result.get()
        #expect(reply.accepted)
    }

    /// Raw bytes to the server and the reply line back, for requests the client would never send.
    /// With `closingAfterWrite`, the client then ends its side, as a client that sent everything does.
    static func sendRaw(_ bytes: [UInt8], to path: String, closingAfterWrite: Bool) async -> ControlReply? {
        await BlockingThread.run(named: "test-raw-client") {
            guard case .connected(let socket) = try? UnixSocket.connecting(to: path, timeout: patience) else {
                return nil
            }
            defer { socket.close() }
            let deadline = ContinuousClock.now + patience
            _ = socket.write(bytes, deadline: deadline)
            if closingAfterWrite { shutdown(socket.descriptor, Int32(SHUT_WR)) }
            guard case .line(let line) = socket.readLine(limit: ControlWire.maximumReplyBytes, deadline: deadline),
                case .success(let reply) = ControlWire.decodeReply(line)
            else { return nil }
            return reply
        }
    }

    /// A status with every field set, as an engine would fill it in.
    static let status = RunStatus(
        environment: "paper",
        tradingState: TradingState(mode: .halted, reason: .command, since: 1_767_623_400_000, tradingDay: 20_458),
        positions: [
            .init(symbol: "AAPL", quantity: 100, averageCost: Decimal(string: "187.25")!),
            .init(symbol: "MSFT", quantity: -50, averageCost: Decimal(string: "402.105")!),
        ],
        workingOrders: [
            .init(
                clientOrderID: "paper-ma_cross-AAPL-1767623400000-2", symbol: "AAPL", side: .sell, quantity: 100,
                remaining: 40, status: .partiallyFilled)
        ],
        equity: Decimal(string: "100012.34")!, dayPnL: Decimal(string: "-123.45")!, currency: "USD",
        lastEventTime: 1_767_628_740_000, scheduledSlices: 3)

    /// The fake engine: accepts everything, answers `status` with ``status``, echoes the rest.
    static let handler: ControlServer.Handler = { command in
        switch command.kind {
        case .status: ControlReply(accepted: true, message: "status", status: status)
        default: ControlReply(accepted: true, message: "\(command.kind): \(command.reason) from \(command.origin)")
        }
    }
}

extension ControlServer {
    /// Runs the server around `body`, then cancels it and waits until it has closed.
    func serving(_ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            try await body()
            group.cancelAll()
            try await group.waitForAll()
        }
    }
}
