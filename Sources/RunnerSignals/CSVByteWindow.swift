import Foundation

/// The lines of one file (or of bytes given whole), read through a window that holds at most one line of
/// `maximumLineLength` bytes beyond what is left of the last read: memory follows that limit, never the
/// file's size or its longest line.
///
/// Every index it hands out is inside the bytes read (`0 <= start <= end <= filled`), and every search is
/// bounded by them: a line that is not ended (no line break before the end of the file, an unclosed
/// quote) can never make a read run past the buffer.
final class CSVByteWindow {
    /// What ``nextLine()`` found.
    enum Line: Equatable {
        /// A line's bytes in ``bytes``, without its line break.
        case text(Range<Int>)
        /// A line longer than the maximum, skipped whole; its byte count is at least `length`.
        case tooLong(length: Int)
        case end
    }

    let maximumLineLength: Int
    /// `\n` (with an optional `\r` before it, kept in the line), or `\r` for files with CR-only line endings.
    var terminator = UInt8(ascii: "\n")
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// Bytes of the file in `buffer`, from its start.
    private(set) var filled = 0
    /// Where the next line starts.
    private var position = 0
    /// The open file still being read; nil once it is all in the window (or for bytes given whole).
    private var descriptor: Int32?

    init(bytes: [UInt8], maximumLineLength: Int) {
        self.maximumLineLength = max(1, maximumLineLength)
        buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        filled = bytes.count
    }

    /// Nil when the file cannot be opened for reading.
    init?(path: String, windowSize: Int, maximumLineLength: Int) {
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { return nil }
        descriptor = opened
        self.maximumLineLength = max(1, maximumLineLength)
        buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(64, min(windowSize, self.maximumLineLength + 1)))
    }

    deinit {
        buffer.deallocate()
        if let descriptor { close(descriptor) }
    }

    /// A whole file's bytes (for a file that must be turned around), or nil when it cannot be read.
    static func wholeFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// The bytes read so far; ranges from ``nextLine()`` index into them until the next call.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[0..<filled]) }

    /// The first bytes not yet read as lines, up to the first line break (CR or LF) and the byte after it,
    /// or `limit` bytes, without consuming them (to tell the header's line endings).
    func peek(limit: Int) -> UnsafeBufferPointer<UInt8> {
        func hasBreak() -> Bool {
            let shown = UnsafeBufferPointer(rebasing: buffer[position..<filled])
            guard let end = shown.firstIndex(where: { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }) else {
                return false
            }
            return end + 1 < shown.count
        }
        while descriptor != nil, filled - position < limit, !hasBreak() { readMore() }
        return UnsafeBufferPointer(rebasing: buffer[position..<min(filled, position + limit)])
    }

    /// The next line, a line too long to hold, or the end of the file.
    func nextLine() -> Line {
        while true {
            let available = filled - position
            // A line of `maximumLineLength` bytes counts its line break: search no further than that.
            let searched = min(available, maximumLineLength)
            if searched > 0, let base = buffer.baseAddress,
                let found = memchr(base + position, Int32(terminator), searched)
            {
                let end = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                let line = position..<end
                position = end + 1
                return .text(line)
            }
            if available >= maximumLineLength { return skipLongLine() }
            guard descriptor != nil else {
                guard available > 0 else { return .end }
                let line = position..<filled
                position = filled
                return .text(line)
            }
            readMore()
        }
    }

    /// Moves what is left to the front, grows the window when it is full (never past a line of the
    /// maximum), and reads more of the file behind it; at the end of the file, closes it.
    private func readMore() {
        guard let descriptor, let base = buffer.baseAddress else { return }
        let kept = filled - position
        if position > 0 {
            memmove(base, base + position, kept)
            position = 0
            filled = kept
        }
        if filled == buffer.count {
            let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(buffer.count * 2, maximumLineLength + 1))
            guard let largerBase = larger.baseAddress, larger.count > buffer.count else {
                larger.deallocate()
                return
            }
            memcpy(largerBase, base, filled)
            buffer.deallocate()
            buffer = larger
        }
        guard let target = buffer.baseAddress else { return }
        var count: Int
        repeat {
            count = read(descriptor, target + filled, buffer.count - filled)
        } while count < 0 && errno == EINTR
        guard count > 0 else {
            // The end of the file (or a read error, which ends it the same way).
            close(descriptor)
            self.descriptor = nil
            return
        }
        filled += count
    }

    /// Drops the bytes of a line too long to hold, reading on to its line break (or the end of the file).
    private func skipLongLine() -> Line {
        var length = 0
        while true {
            let available = filled - position
            if available > 0, let base = buffer.baseAddress, let found = memchr(base + position, Int32(terminator), available) {
                let end = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                length += end - position
                position = end + 1
                return .tooLong(length: length)
            }
            length += available
            position = filled
            guard descriptor != nil else { return .tooLong(length: length) }
            readMore()
        }
    }
}
