import RunnerClock
import RunnerCore
import RunnerConfig

extension Workspace {
    /// The clock check `environment` configures (`clock.servers`, `clock.max_offset`).
    public static func clockCheck(_ environment: EnvironmentConfig) -> ClockCheck {
        ClockCheck(servers: environment.clock.servers.map { NTPServer(host: $0.host, port: $0.port) },
                   maxOffset: environment.clock.maxOffset)
    }

    /// What `runner preflight` makes of a clock check: the line it prints, and, when the check failed,
    /// the reason a live environment is refused (a paper environment only gets a warning).
    struct ClockPreflight {
        var verdict: ClockVerdict
        var mode: TradingMode

        /// `clock: offset +3.2ms (delay 0.4ms) from 127.0.0.1:123, max 250ms`.
        var line: String {
            switch verdict {
            case .noServers: "clock: not checked: no NTP server is configured (clock.servers)\n"
            default: "clock: \(verdict)\n"
            }
        }

        /// Why a live environment may not start, or nil.
        var refusal: String? {
            guard mode == .live, !verdict.isAcceptable else { return nil }
            switch verdict {
            case .noServers:
                return "the clock check has no NTP server to ask (clock.servers is empty): live trading starts only "
                    + "on a clock checked against NTP"
            case .offsetTooLarge:
                return "the clock check failed: \(verdict) (clock.max_offset)"
            case .noServerAnswered, .withinLimit:
                return "the clock check failed: \(verdict) (clock.servers)"
            }
        }

        /// The paper environment's warning, or nil.
        var warning: String? {
            guard mode == .paper, !verdict.isAcceptable, verdict != .noServers else { return nil }
            return "preflight: warning: the clock check failed (see the clock line); paper trading starts anyway, "
                + "a live environment would be refused\n"
        }
    }
}
