import Foundation
import RunnerBroker
import RunnerCore
import RunnerTesting
import Synchronization
import Testing

@testable import RunnerFIX

/// A scenario: a real QuickFIX acceptor (tools/fix-acceptor, built on first use; a build failure fails
/// the test, it never skips) and adapters with their own store directory, with what they report recorded.
final class FIXScenario: Sendable {
    let acceptor: FIXAcceptorProcess
    let storeDirectory: String

    init(_ arguments: [String] = []) async throws {
        acceptor = try await FIXAcceptorProcess(arguments: arguments)
        storeDirectory = NSTemporaryDirectory() + "fix-scenario-\(UUID().uuidString)"
    }

    deinit {
        acceptor.stop()
        try? FileManager.default.removeItem(atPath: storeDirectory)
    }

    func settings(password: String? = nil, reconnectDelay: Duration = .milliseconds(100)) -> FIXSettings {
        FIXSettings(
            host: "127.0.0.1", port: acceptor.port, senderCompID: "RUNNER", targetCompID: "BROKER",
            username: "runner", password: password, heartbeatInterval: .seconds(5), storeDirectory: storeDirectory,
            requestTimeout: .seconds(5), logonTimeout: .seconds(5), reconnectInitialDelay: reconnectDelay,
            reconnectMaximumDelay: .seconds(2))
    }

    /// A connected adapter and the recorder of its streams.
    func connected(password: String? = nil, reconnectDelay: Duration = .milliseconds(100)) async throws
        -> (FIXBrokerAdapter, Recorder)
    {
        let adapter = try FIXBrokerAdapter(settings: settings(password: password, reconnectDelay: reconnectDelay))
        let recorder = Recorder(adapter)
        try await adapter.connect()
        return (adapter, recorder)
    }

    static func order(_ id: String, _ symbol: Symbol = "AAPL", _ side: OrderSide = .buy, _ quantity: Int64 = 100)
        -> ChildOrder
    {
        ChildOrder(
            clientOrderID: id, parentID: "p-\(id)", strategy: "scenario", symbol: symbol, side: side,
            quantity: quantity, venue: "fix", releaseAt: 0, sliceIndex: 0)
    }
}
