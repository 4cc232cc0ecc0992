import Foundation

/// The session's sequence numbers on disk, so a restarted runner resumes the session instead of resetting
/// it: one small file per SenderCompID-TargetCompID in the store directory, holding
/// `<next outgoing> <next incoming>`, replaced atomically (written to a temporary file, then renamed).
///
/// Written before a message goes out with a new number and after an incoming one was processed, so a crash
/// never reuses a number (the counterparty would drop the message as a duplicate) and at worst asks for a
/// resend of one message it already handled.
public struct FIXSequenceStore: Sendable {
    public let path: String

    public init(directory: String, senderCompID: String, targetCompID: String) {
        path = (directory as NSString).appendingPathComponent(
            "\(Self.fileSafe(senderCompID))-\(Self.fileSafe(targetCompID)).seqnums")
    }

    /// The stored numbers; 1 and 1 when the file does not exist yet.
    public func load() throws(FIXStoreError) -> FIXSequenceNumbers {
        guard FileManager.default.fileExists(atPath: path) else { return FIXSequenceNumbers() }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw FIXStoreError(path: path, reason: "cannot read the sequence numbers: \(error.localizedDescription)")
        }
        let parts = text.split(whereSeparator: \.isWhitespace)
        let range = 1...FIXMessage.maximumSequenceNumber
        guard parts.count == 2, let outgoing = Int(parts[0]), let incoming = Int(parts[1]), range.contains(outgoing),
            range.contains(incoming)
        else {
            throw FIXStoreError(
                path: path, line: 1,
                reason: "expected '<next outgoing> <next incoming>' (two numbers from 1 to "
                    + "\(FIXMessage.maximumSequenceNumber)), found '\(text.prefix(60))'")
        }
        return FIXSequenceNumbers(nextOutgoing: outgoing, nextIncoming: incoming)
    }

    /// Replaces the stored numbers atomically.
    public func save(_ numbers: FIXSequenceNumbers) throws(FIXStoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            // `.atomic` writes a temporary file in the same directory and renames it over the old one.
            try Data("\(numbers.nextOutgoing) \(numbers.nextIncoming)\n".utf8).write(
                to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw FIXStoreError(path: path, reason: "cannot write the sequence numbers: \(error.localizedDescription)")
        }
    }

    /// A CompID as a file name: letters, digits, `.`, `_` and `-` kept, anything else as `_`.
    static func fileSafe(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                let allowed =
                    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "." || scalar == "_" || scalar == "-"
                return allowed ? Character(scalar) : "_"
            })
    }
}
