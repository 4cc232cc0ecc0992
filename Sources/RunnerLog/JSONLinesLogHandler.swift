import Logging

/// A swift-log handler writing each message as one JSON object on one line of a ``JSONLinesLogFile``:
///
/// ```
/// {"time":"2026-01-05T14:30:00.250Z","level":"warning","label":"runner.alerts","message":"...","pid":4242,"host":"trader-1","kind":"watchdog"}
/// ```
///
/// The handler's, the provider's and the call's metadata (the call's wins) follow as fields of their own,
/// keys sorted; a key that would hide one of the fixed fields is written as `metadata.<key>`. The error a
/// call passes, if any, is the field `error`. Like every `LogHandler`, a value: copies may set their own
/// level and metadata and still share the file.
public struct JSONLinesLogHandler: LogHandler {
    /// The fixed fields of every line, in the order written.
    public static let fixedFields: Set<String> = ["time", "level", "label", "message", "pid", "host", "error"]

    public let label: String
    public let file: JSONLinesLogFile
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level

    public init(
        label: String, file: JSONLinesLogFile, logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.file = file
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { $1 } }
        if let given = event.metadata { fields.merge(given) { $1 } }
        file.write(line: line(event, fields: fields, at: file.clock()))
    }

    /// The line for `event`, newline included.
    func line(_ event: LogEvent, fields: Logger.Metadata, at milliseconds: Int64) -> String {
        var line = "{\"time\":\"\(UTCTimestamp.iso8601(milliseconds: milliseconds))\""
        line += ",\"level\":\"\(event.level.rawValue)\""
        line += ",\"label\":" + JSONText.quoted(label)
        line += ",\"message\":" + JSONText.quoted(event.message.description)
        line += ",\"pid\":\(file.processID),\"host\":" + JSONText.quoted(file.hostName)
        if let error = event.error { line += ",\"error\":" + JSONText.quoted(String(describing: error)) }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            let name = Self.fixedFields.contains(key) ? "metadata." + key : key
            line += "," + JSONText.quoted(name) + ":" + JSONText.value(value)
        }
        return line + "}\n"
    }
}

extension JSONLinesLogFile {
    /// A logger writing to this file under `label`, at `level` and above.
    public func logger(label: String, level: Logger.Level = .info) -> Logger {
        Logger(label: label) { label in JSONLinesLogHandler(label: label, file: self, logLevel: level) }
    }
}
