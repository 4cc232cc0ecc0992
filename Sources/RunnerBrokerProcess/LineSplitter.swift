import Foundation

/// Cuts a byte stream into lines at `\n`, holding at most `maximumLength` bytes of an unfinished line:
/// a longer line is reported once as too long and its bytes dropped up to its newline, so a child that
/// never prints a newline cannot grow the runner's memory.
struct LineSplitter: Sendable {
    enum Piece: Sendable, Hashable {
        case line(Data)
        /// A line longer than the limit; its first bytes (up to the limit, at most 4 KiB), for the message.
        case tooLong(prefix: Data)
    }

    /// 1 MiB, the protocol's limit (docs/PROCESS_ADAPTER.md).
    static let protocolLimit = 1 << 20

    let maximumLength: Int
    private var partial = Data()
    private var overflowing = false

    init(maximumLength: Int = LineSplitter.protocolLimit) {
        self.maximumLength = maximumLength
    }

    /// The lines `bytes` completes, in order (without their newlines; a `\r` before one is dropped too).
    mutating func append(_ bytes: Data) -> [Piece] {
        var pieces: [Piece] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else {
                absorb(rest, into: &pieces)
                break
            }
            absorb(rest[rest.startIndex..<newline], into: &pieces)
            if !overflowing {
                var line = partial
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                pieces.append(.line(line))
            }
            partial = Data()
            overflowing = false
            rest = rest[rest.index(after: newline)...]
        }
        return pieces
    }

    /// The unfinished line at the end of the stream, if any bytes are left.
    mutating func finish() -> Piece? {
        defer { partial = Data(); overflowing = false }
        guard !overflowing, !partial.isEmpty else { return nil }
        return .line(partial)
    }

    private mutating func absorb(_ bytes: Data.SubSequence, into pieces: inout [Piece]) {
        guard !overflowing else { return }
        if partial.count + bytes.count > maximumLength {
            pieces.append(.tooLong(prefix: Data((partial + bytes).prefix(min(maximumLength, 4_096)))))
            partial = Data()
            overflowing = true
        } else {
            partial.append(contentsOf: bytes)
        }
    }
}
