/// A file written newest first (`market_data.order: descending`), turned around: its header, then its
/// lines from the last to the first. The file is held whole to do it, so memory follows its size.
enum CSVReversal {
    /// The turned bytes, how many lines follow the header (to number them as the file does), and the line
    /// break they were split at (the turned file must be read with it: the bytes after its header's line
    /// break are another line's now, and could make it look like another kind of break).
    static func reversed(_ bytes: [UInt8]) -> (bytes: [UInt8], dataLines: Int, terminator: UInt8) {
        let lineFeed = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        var terminator = lineFeed
        if let end = bytes.firstIndex(where: { $0 == carriageReturn || $0 == lineFeed }), bytes[end] == carriageReturn,
            end + 1 < bytes.count, bytes[end + 1] != lineFeed
        {
            terminator = carriageReturn
        }
        var lines = bytes.split(separator: terminator, omittingEmptySubsequences: false)
        // The line break that ends the file ends its last line; it starts no other.
        if lines.count > 1, lines[lines.count - 1].isEmpty { lines.removeLast() }
        guard lines.count > 1 else { return (bytes, 0, terminator) }
        var turned: [UInt8] = []
        turned.reserveCapacity(bytes.count + 1)
        turned += lines[0]
        turned.append(terminator)
        for line in lines.dropFirst().reversed() {
            turned += line
            turned.append(terminator)
        }
        return (turned, lines.count - 1, terminator)
    }
}
