/// Why a validated configuration could not be turned into the stages' values.
public enum PipelineBuildError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownAlgorithm(String, at: String)

    public var description: String {
        switch self {
        case .unknownAlgorithm(let name, let location):
            "\(location): routing.algorithm '\(name)' is not one the router runs (direct, twap, vwap)"
        }
    }
}
