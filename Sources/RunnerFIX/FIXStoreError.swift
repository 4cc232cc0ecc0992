/// A file of the FIX store (sequence numbers, the execution log) could not be read or written.
public struct FIXStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// 1-based line of a malformed file, when the problem is in its content.
    public var line: Int?
    public var reason: String

    public init(path: String, line: Int? = nil, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        line.map { "\(path):\($0): \(reason)" } ?? "\(path): \(reason)"
    }
}
