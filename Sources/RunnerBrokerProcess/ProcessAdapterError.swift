/// Why an adapter or feed process could not start or was refused, in a sentence with the values.
public enum ProcessAdapterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The command is empty, or its program does not exist or is not executable.
    case programNotFound(String)
    /// A variable the settings pass is not set in the runner's environment.
    case missingVariable(String)
    /// The program exists but could not be started.
    case launchFailed(String)
    /// Started, but ended or misbehaved before it was ready (no hello, a refused protocol version).
    case startFailed(String)

    public var description: String {
        switch self {
        case .programNotFound(let message), .launchFailed(let message), .startFailed(let message): message
        case .missingVariable(let name):
            "the environment variable \(name), which the adapter settings pass to the process, is not set"
        }
    }
}
