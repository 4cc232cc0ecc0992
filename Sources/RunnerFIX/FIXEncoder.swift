/// Writes a ``FIXMessage`` as bytes on the wire: `8=FIX.4.4`, `9=` BodyLength, the message's fields
/// (`35` first) and `10=` CheckSum (the byte sum modulo 256, three digits), each field ended by SOH.
public enum FIXEncoder {
    public static let beginString = "FIX.4.4"
    static let separator: UInt8 = 0x01

    /// The message as bytes. Fields `8`, `9` and `10` in `message` are ignored: they are computed here.
    public static func encode(_ message: FIXMessage) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(message.fields.count * 12)
        let ordered =
            message.fields.filter { $0.tag == FIXTag.messageType }.prefix(1)
            + message.fields.filter {
                $0.tag != FIXTag.messageType && $0.tag != FIXTag.beginString && $0.tag != FIXTag.bodyLength
                    && $0.tag != FIXTag.checkSum
            }
        for field in ordered {
            body.append(contentsOf: "\(field.tag)=".utf8)
            body.append(contentsOf: field.value.utf8)
            body.append(separator)
        }
        var bytes: [UInt8] = Array("8=\(beginString)".utf8) + [separator] + Array("9=\(body.count)".utf8) + [separator]
        bytes.append(contentsOf: body)
        let sum = checksum(bytes[...])
        bytes.append(contentsOf: "10=\(threeDigits(sum))".utf8)
        bytes.append(separator)
        return bytes
    }

    /// The FIX checksum of `bytes`: their sum modulo 256.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> Int {
        var sum = 0
        for byte in bytes { sum &+= Int(byte) }
        return sum & 0xFF
    }

    static func threeDigits(_ value: Int) -> String {
        value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)"
    }
}
