/// How large the JSON-lines log grows and how many rotated files are kept.
///
/// When a write would take `runner.log` past ``maximumFileBytes``, it becomes `runner.log.1`, the
/// previous `.1` becomes `.2`, and so on; the file past ``keptFiles`` is removed. The disk a log can take
/// is therefore bounded by `maximumFileBytes x (keptFiles + 1)`, plus one line.
public struct JSONLinesLogSettings: Sendable, Hashable {
    /// The size a file may reach before it is rotated.
    public let maximumFileBytes: Int
    /// Rotated files kept beside the current one (`runner.log.1` to `runner.log.<keptFiles>`).
    public let keptFiles: Int

    /// From 4 KiB (a few dozen lines) to 4 GiB per file.
    public static let fileBytesRange = 4_096...4_294_967_296
    /// From 1 to 100 rotated files.
    public static let keptFilesRange = 1...100

    /// 50 MiB per file, 5 rotated files: 300 MiB at most.
    public static let standard = JSONLinesLogSettings(checkedFileBytes: 52_428_800, keptFiles: 5)

    /// Throws when either figure is outside its range, rather than quietly using another.
    public init(maximumFileBytes: Int, keptFiles: Int) throws(JSONLinesLogError) {
        guard Self.fileBytesRange.contains(maximumFileBytes) else {
            throw .invalidSettings(
                "a log file's maximum size must be from \(Self.fileBytesRange.lowerBound) to "
                    + "\(Self.fileBytesRange.upperBound) bytes, not \(maximumFileBytes)")
        }
        guard Self.keptFilesRange.contains(keptFiles) else {
            throw .invalidSettings(
                "the number of rotated log files kept must be from \(Self.keptFilesRange.lowerBound) to "
                    + "\(Self.keptFilesRange.upperBound), not \(keptFiles)")
        }
        self.maximumFileBytes = maximumFileBytes
        self.keptFiles = keptFiles
    }

    private init(checkedFileBytes: Int, keptFiles: Int) {
        maximumFileBytes = checkedFileBytes
        self.keptFiles = keptFiles
    }
}

/// Why a JSON-lines log could not be set up. Writes never throw: a failed write is counted instead.
public enum JSONLinesLogError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidSettings(String)
    case openFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSettings(let reason): reason
        case .openFailed(let path, let reason): "the log file \(path) cannot be opened: \(reason)"
        }
    }
}
