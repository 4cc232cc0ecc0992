import Foundation

/// Measures the local clock against every configured server at once and judges the offset.
public struct ClockCheck: Sendable {
    public var servers: [NTPServer]
    /// The largest offset, either way, that trading accepts.
    public var maxOffset: Duration
    public var client: SNTPClient

    public init(servers: [NTPServer], maxOffset: Duration, client: SNTPClient = SNTPClient()) {
        self.servers = servers
        self.maxOffset = maxOffset
        self.client = client
    }

    /// Asks every server and judges the best answer. Blocks for at most about the client's timeout.
    public func run() -> ClockVerdict {
        ClockVerdict(results: Array(zip(servers, client.query(servers))), maxOffset: maxOffset)
    }

    /// ``run()`` on a thread of its own, so waiting for the servers never holds one of the threads that
    /// run Swift's tasks.
    public func measure() async -> ClockVerdict {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: run()) }
            thread.name = "clock check"
            thread.start()
        }
    }
}
