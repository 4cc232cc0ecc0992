import Foundation
import RunnerBroker
import RunnerBrokerAlpaca
import RunnerCore

/// A child order as the router makes them.
func childOrder(_ id: String, _ symbol: Symbol = "AAPL", _ side: OrderSide = .buy, _ quantity: Int64 = 10) -> ChildOrder
{
    ChildOrder(
        clientOrderID: id, parentID: "parent-\(id)", strategy: "ma_cross", symbol: symbol, side: side,
        quantity: quantity, venue: "alpaca", releaseAt: 1_614_009_060_000, sliceIndex: 0)
}

/// Runs `body` with a fresh server and an adapter on it (connected when `connect`), then tears both down.
/// The default request timeout is one that must not fire; a test of the timeout sets a short one.
func withAlpaca(
    connect: Bool = true, requestTimeout: Duration = .seconds(10), maxRateLimitWait: Duration = .seconds(5),
    sleep: AlpacaSleep? = nil,
    _ body: (FakeAlpacaServer, AlpacaBrokerAdapter) async throws -> Void
) async throws {
    let server = try await FakeAlpacaServer.start()
    let settings = try server.settings(requestTimeout: requestTimeout, maxRateLimitWait: maxRateLimitWait)
    let adapter =
        sleep.map { AlpacaBrokerAdapter(settings: settings, sleep: $0) } ?? AlpacaBrokerAdapter(settings: settings)
    do {
        if connect { try await adapter.connect() }
        try await body(server, adapter)
    } catch {
        await adapter.disconnect()
        await server.stop()
        throw error
    }
    await adapter.disconnect()
    await server.stop()
}

/// Records the pauses asked for and returns at once.
final class RecordingSleep: Sendable {
    private let pauses = Locked<[Duration]>([])
    var recorded: [Duration] { pauses.withLock { $0 } }
    var sleep: AlpacaSleep {
        { duration in self.pauses.withLock { $0.append(duration) } }
    }
}
