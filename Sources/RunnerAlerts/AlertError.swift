/// What went wrong setting up or delivering an alert, in full sentences with the values.
public enum AlertError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A setting outside its range.
    case invalidSettings(String)
    /// A webhook address that is not an `http://` or `https://` URL with a host. The address itself is a
    /// secret and is never printed.
    case invalidWebhookURL(variable: String)
    /// The command's program does not exist or cannot be run.
    case programNotFound(String)
    /// The webhook answered with a status outside 200-299 (`body` is its first few hundred characters).
    case httpStatus(Int, body: String)
    /// The webhook could not be reached or did not answer (`reason` names the URL error, never the URL).
    case transport(String)
    /// No answer within the sink's timeout; a command is killed.
    case timedOut(seconds: Double)
    /// The command could not be started.
    case launchFailed(String)
    /// The command exited with a status other than 0 (`standardError` holds the end of what it printed).
    case exitStatus(Int32, standardError: String)
    /// The command was ended by a signal.
    case killedBySignal(Int32)

    public var description: String {
        switch self {
        case .invalidSettings(let reason): reason
        case .invalidWebhookURL(let variable):
            "the environment variable \(variable) does not hold an http:// or https:// URL with a host"
        case .programNotFound(let reason): reason
        case .httpStatus(let status, let body):
            "the webhook answered with HTTP status \(status)" + (body.isEmpty ? "" : ": \(body)")
        case .transport(let reason): "the webhook could not be reached: \(reason)"
        case .timedOut(let seconds): "no answer within \(seconds.formatted) s"
        case .launchFailed(let reason): "the command could not be started: \(reason)"
        case .exitStatus(let status, let standardError):
            "the command exited with status \(status)" + (standardError.isEmpty ? "" : ": \(standardError)")
        case .killedBySignal(let signal): "the command was ended by signal \(signal)"
        }
    }
}

extension Double {
    /// `10`, `0.5`: seconds as a message prints them.
    var formatted: String { self == rounded() ? String(Int64(self)) : String(self) }
}
