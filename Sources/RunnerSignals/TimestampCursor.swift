/// Reads a timestamp's fields left to right. A struct with mutating methods rather than closures over a
/// local index: captured variables are boxed and checked for exclusivity at run time, per digit.
struct TimestampCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool { index == bytes.count }

    /// Exactly `count` digits.
    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += count
        return value
    }

    /// One to `most` digits.
    mutating func digits(upTo most: Int) -> Int? {
        var value = 0
        var count = 0
        while count < most, index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            value = value * 10 + Int(bytes[index] - 48)
            index += 1
            count += 1
        }
        return count > 0 ? value : nil
    }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// `.250` -> 250 milliseconds: one to nine digits (those past the third dropped); nil without digits.
    mutating func fractionMilliseconds() -> Int64? {
        var scale: Int64 = 100
        var fraction: Int64 = 0
        var count = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57, count < 9 {
            fraction += Int64(bytes[index] - 48) * scale
            scale /= 10
            index += 1
            count += 1
        }
        return count > 0 ? fraction : nil
    }

    /// `AM`/`PM` in any case: whether it is the afternoon.
    mutating func meridiem() -> Bool? {
        guard index + 2 <= bytes.count, bytes[index + 1] | 0x20 == UInt8(ascii: "m") else { return nil }
        let letter = bytes[index] | 0x20
        guard letter == UInt8(ascii: "a") || letter == UInt8(ascii: "p") else { return nil }
        index += 2
        return letter == UInt8(ascii: "p")
    }

    /// `Z`, `+01:00`, `-0500` (at most 14 hours): the offset in milliseconds, east positive.
    mutating func offset() -> Int64? {
        if skip(UInt8(ascii: "Z")) { return 0 }
        let sign: Int64
        if skip(UInt8(ascii: "+")) {
            sign = 1
        } else if skip(UInt8(ascii: "-")) {
            sign = -1
        } else {
            return nil
        }
        guard let hours = digits(2) else { return nil }
        _ = skip(58)
        guard let minutes = digits(2), hours <= 14, minutes < 60 else { return nil }
        return sign * Int64(hours * 3_600_000 + minutes * 60_000)
    }
}
