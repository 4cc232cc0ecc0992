/// Collects output bytes and hands them to a sink in large chunks, so writing a million rows costs a
/// few hundred system calls rather than millions.
struct CSVOutputBuffer {
    private var bytes: [UInt8] = []
    private let sink: (UnsafeRawBufferPointer) -> Void
    private let chunk = 1 << 16

    init(sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.sink = sink
        bytes.reserveCapacity(chunk + 1024)
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= chunk { flush() }
    }

    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(bytes more: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: more)
    }

    /// The shortest text that reads back as the same Double.
    mutating func append(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 {
            append(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
        if bytes.count >= chunk { flush() }
    }

    mutating func append(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// A field, quoted per RFC 4180 when it holds a comma, quote or line break.
    mutating func appendQuoted(_ text: String) {
        bytes.append(contentsOf: Self.field(text))
    }

    /// The bytes of `text` as a CSV field, quoted per RFC 4180 when it holds a comma, quote or line break.
    static func field(_ text: String) -> [UInt8] {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 })
        else { return Array(text.utf8) }
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { quoted.append(byte) }
            quoted.append(byte)
        }
        quoted.append(UInt8(ascii: "\""))
        return quoted
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes(sink)
        bytes.removeAll(keepingCapacity: true)
    }
}
