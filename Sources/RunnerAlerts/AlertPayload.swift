import Foundation
import RunnerCore
import RunnerLog

/// What a sink sends for an alert: the JSON body of a webhook and the standard input of a command.
///
/// `text` is the field chat tools' incoming webhooks show (Slack, Mattermost, and Discord's
/// Slack-compatible `/slack` endpoint), with the mode and environment first so a live alert can never be
/// read as a paper one: `[LIVE] live: critical watchdog: the signal engine has been silent for 31s`. The
/// other fields are for tools that read them.
public struct AlertPayload: Sendable, Hashable, Encodable {
    public var text: String
    public var kind: String
    public var severity: String
    public var environment: String
    /// `paper` or `live`.
    public var mode: String
    public var message: String
    /// Milliseconds since the epoch.
    public var at: Int64
    /// `at` as ISO-8601 UTC text with milliseconds.
    public var time: String

    /// The longest message a sink is sent, in characters; the journal and the log keep it whole. Within
    /// what chat tools show of one message.
    public static let maximumMessageCharacters = 3_000

    public init(_ alert: OperatorAlert, mode: TradingMode) {
        var message = alert.message
        if message.count > Self.maximumMessageCharacters {
            let cut = message.count - Self.maximumMessageCharacters
            message =
                String(message.prefix(Self.maximumMessageCharacters))
                + "... (\(cut) more characters in the journal)"
        }
        text =
            "[\(mode.rawValue.uppercased())] \(alert.environment): \(alert.severity.rawValue) "
            + "\(alert.kind.rawValue): \(message)"
        kind = alert.kind.rawValue
        severity = alert.severity.rawValue
        environment = alert.environment
        self.mode = mode.rawValue
        self.message = message
        at = alert.at
        time = UTCTimestamp.iso8601(milliseconds: alert.at)
    }

    /// The payload as one line of JSON, keys sorted.
    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every field is a string or an integer: encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    /// The variables a command gets beside its standard input.
    public var environmentVariables: [String: String] {
        [
            "RUNNER_ALERT_KIND": kind, "RUNNER_ALERT_SEVERITY": severity, "RUNNER_ALERT_MESSAGE": message,
            "RUNNER_ALERT_ENVIRONMENT": environment, "RUNNER_ALERT_MODE": mode, "RUNNER_ALERT_AT": String(at),
            "RUNNER_ALERT_TEXT": text,
        ]
    }
}
