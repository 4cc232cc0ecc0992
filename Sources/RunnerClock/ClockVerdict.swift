/// The sample of one server.
public struct ServerSample: Sendable, Hashable {
    public var server: NTPServer
    public var sample: ClockSample

    public init(server: NTPServer, sample: ClockSample) {
        self.server = server
        self.sample = sample
    }
}

/// Why one server gave no sample.
public struct ServerFailure: Sendable, Hashable, CustomStringConvertible {
    public var server: NTPServer
    public var failure: SNTPQueryFailure

    public init(server: NTPServer, failure: SNTPQueryFailure) {
        self.server = server
        self.failure = failure
    }

    public var description: String { "\(server): \(failure)" }
}

/// What a clock check found: the offset of the best server (the lowest round-trip delay) against the
/// largest offset allowed, or that no server gave one.
public enum ClockVerdict: Sendable, Hashable, CustomStringConvertible {
    /// The offset is within `maxOffset` either way.
    case withinLimit(ServerSample, maxOffset: Duration)
    /// The offset is beyond `maxOffset`: the local clock is too far ahead or behind.
    case offsetTooLarge(ServerSample, maxOffset: Duration)
    /// Every server failed, each with its reason.
    case noServerAnswered([ServerFailure])
    /// There is no server to ask.
    case noServers

    /// Whether trading may rely on the clock.
    public var isAcceptable: Bool {
        if case .withinLimit = self { return true }
        return false
    }

    /// The sample measured, when a server answered.
    public var measured: ServerSample? {
        switch self {
        case .withinLimit(let sample, _), .offsetTooLarge(let sample, _): sample
        case .noServerAnswered, .noServers: nil
        }
    }

    /// The verdict of the servers' results against `maxOffset`: the lowest delay wins (its offset is the
    /// most certain); an offset exactly at the limit is within it.
    public init(results: [(NTPServer, Result<ClockSample, SNTPQueryFailure>)], maxOffset: Duration) {
        guard !results.isEmpty else {
            self = .noServers
            return
        }
        var best: ServerSample?
        var failures: [ServerFailure] = []
        for (server, result) in results {
            switch result {
            case .success(let sample):
                if best.map({ sample.delayNanoseconds < $0.sample.delayNanoseconds }) ?? true {
                    best = ServerSample(server: server, sample: sample)
                }
            case .failure(let failure):
                failures.append(ServerFailure(server: server, failure: failure))
            }
        }
        guard let best else {
            self = .noServerAnswered(failures)
            return
        }
        let within = best.sample.offsetNanoseconds.magnitude <= maxOffset.nanosecondsSaturated.magnitude
        self = within ? .withinLimit(best, maxOffset: maxOffset) : .offsetTooLarge(best, maxOffset: maxOffset)
    }

    /// `offset +3.2ms (delay 0.4ms) from 127.0.0.1:12345, max 250ms`, or what went wrong.
    public var description: String {
        switch self {
        case .withinLimit(let best, let maxOffset):
            "offset \(best.sample) from \(best.server), max \(ClockSample.limit(maxOffset))"
        case .offsetTooLarge(let best, let maxOffset):
            "offset \(best.sample) from \(best.server) is beyond the \(ClockSample.limit(maxOffset)) maximum"
        case .noServerAnswered(let failures):
            "no NTP server answered: " + failures.map(\.description).joined(separator: "; ")
        case .noServers:
            "no NTP server is configured"
        }
    }
}
