/// What the decoder found in the bytes.
public enum FIXDecoded: Sendable, Hashable {
    /// A complete, valid message (framing fields removed).
    case message(FIXMessage)
    /// Bytes that were skipped: log them; they consume no sequence number.
    case garbled(FIXDecodeError)
    /// A well-framed message with a bad field: reject it (`35=3`) when its sequence number is known.
    case invalid(FIXDecodeError, sequenceNumber: Int?, messageType: String?)
}

/// Finds complete FIX messages in a stream of bytes. Pure (no I/O, no NIO): the transport appends what the
/// socket delivers and takes messages out until ``next()`` returns nil.
///
/// Never traps and never stalls on any input: every call either returns nil (more bytes needed, and the
/// bytes held are bounded by `maximumBodyLength`) or consumes at least one byte.
public struct FIXFrameDecoder: Sendable {
    /// The largest BodyLength accepted.
    public let maximumBodyLength: Int
    private var buffer: [UInt8] = []
    private var start = 0

    private static let beginMark = Array("8=FIX".utf8)
    private static let soh: UInt8 = 0x01

    public init(maximumBodyLength: Int = 64 * 1024) {
        self.maximumBodyLength = maximumBodyLength
    }

    /// Bytes waiting for the rest of their message.
    public var bufferedByteCount: Int { buffer.count - start }

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Drops whatever is buffered (after a disconnect).
    public mutating func reset() {
        buffer.removeAll()
        start = 0
    }

    /// The next message or error, or nil when more bytes are needed.
    public mutating func next() -> FIXDecoded? {
        guard start < buffer.count else { return nil }
        // Resynchronise on the next "8=FIX".
        guard hasPrefix(Self.beginMark, at: start) else {
            if let found = find(Self.beginMark, from: start + 1) {
                let skipped = found - start
                start = found
                return .garbled(.garbageBeforeBeginString(byteCount: skipped))
            }
            // Keep a tail that may be the beginning of "8=FIX"; drop the rest.
            let remaining = buffer.count - start
            var kept = min(Self.beginMark.count - 1, remaining)
            while kept > 0, !hasPrefix(Array(Self.beginMark.prefix(kept)), at: buffer.count - kept) { kept -= 1 }
            let dropped = remaining - kept
            guard dropped > 0 else { return nil }
            start += dropped
            return .garbled(.garbageBeforeBeginString(byteCount: dropped))
        }
        return frame()
    }

    /// Reads the message at `start`, which begins with "8=FIX".
    private mutating func frame() -> FIXDecoded? {
        // 8=FIX.4.4<SOH>
        guard let beginEnd = find([Self.soh], from: start, limit: 32) else {
            return buffer.count - start > 32
                ? skipOne(.wrongBeginString(text(start + 2, min(buffer.count, start + 34)))) : nil
        }
        let beginValue = text(start + 2, beginEnd)
        guard beginValue == FIXEncoder.beginString else { return skipOne(.wrongBeginString(beginValue)) }
        // 9=<digits><SOH>
        let lengthStart = beginEnd + 1
        guard buffer.count >= lengthStart + 2 else { return nil }
        guard buffer[lengthStart] == UInt8(ascii: "9"), buffer[lengthStart + 1] == UInt8(ascii: "=") else {
            return skipOne(.missingBodyLength)
        }
        guard let lengthEnd = find([Self.soh], from: lengthStart + 2, limit: 9) else {
            return buffer.count - (lengthStart + 2) > 9
                ? skipOne(.malformedBodyLength(text(lengthStart + 2, lengthStart + 11))) : nil
        }
        let lengthText = text(lengthStart + 2, lengthEnd)
        guard !lengthText.isEmpty, lengthText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let length = Int(lengthText)
        else { return skipOne(.malformedBodyLength(lengthText)) }
        guard length <= maximumBodyLength else {
            return skipOne(.messageTooLarge(bodyLength: length, limit: maximumBodyLength))
        }
        let bodyStart = lengthEnd + 1
        let bodyEnd = bodyStart + length
        // 10=ddd<SOH>
        guard buffer.count >= bodyEnd + 7 else { return nil }
        guard length > 0, buffer[bodyEnd - 1] == Self.soh else { return skipOne(.wrongBodyLength(declared: length)) }
        guard hasPrefix(Array("10=".utf8), at: bodyEnd) else {
            return skipOne(startsWithTag(at: bodyEnd) ? .missingCheckSum : .wrongBodyLength(declared: length))
        }
        let declared = text(bodyEnd + 3, bodyEnd + 6)
        guard buffer[bodyEnd + 6] == Self.soh, declared.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return skipOne(.wrongBodyLength(declared: length))
        }
        let computed = FIXEncoder.checksum(buffer[start..<bodyEnd])
        guard Int(declared) == computed else { return skipOne(.badCheckSum(declared: declared, computed: computed)) }
        let body = buffer[bodyStart..<bodyEnd]
        start = bodyEnd + 7
        return Self.parseBody(body)
    }

    /// Splits a checked body into fields.
    static func parseBody(_ body: ArraySlice<UInt8>) -> FIXDecoded {
        var fields: [FIXField] = []
        var problem: FIXDecodeError?
        for piece in body.split(separator: soh, omittingEmptySubsequences: false).dropLast() {
            guard let equals = piece.firstIndex(of: UInt8(ascii: "=")) else {
                problem = problem ?? .nonNumericTag(String(decoding: piece.prefix(16), as: UTF8.self))
                continue
            }
            let tagBytes = piece[piece.startIndex..<equals]
            let value = String(decoding: piece[(equals + 1)...], as: UTF8.self)
            guard !tagBytes.isEmpty, tagBytes.count <= 9, tagBytes.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                let tag = Int(String(decoding: tagBytes, as: UTF8.self)), tag > 0
            else {
                problem = problem ?? .nonNumericTag(String(decoding: tagBytes.prefix(16), as: UTF8.self))
                continue
            }
            if value.isEmpty { problem = problem ?? .emptyValue(tag: tag) }
            fields.append(FIXField(tag, value))
        }
        if problem == nil, fields.first?.tag != FIXTag.messageType { problem = .missingMessageType }
        let message = FIXMessage(fields: fields)
        if let problem {
            let sequence = message.sequenceNumber(FIXTag.messageSequenceNumber)
            return .invalid(problem, sequenceNumber: sequence, messageType: message[FIXTag.messageType])
        }
        return .message(message)
    }

    /// Skips the "8" of a broken message, so the next call resynchronises on the following "8=FIX".
    private mutating func skipOne(_ error: FIXDecodeError) -> FIXDecoded {
        start += 1
        return .garbled(error)
    }

    private func startsWithTag(at index: Int) -> Bool {
        var cursor = index
        while cursor < buffer.count, buffer[cursor] >= 48, buffer[cursor] <= 57 { cursor += 1 }
        return cursor > index && cursor < buffer.count && buffer[cursor] == UInt8(ascii: "=")
    }

    private func hasPrefix(_ pattern: [UInt8], at index: Int) -> Bool {
        guard index + pattern.count <= buffer.count else { return false }
        for offset in pattern.indices where buffer[index + offset] != pattern[offset] { return false }
        return true
    }

    /// The first index at or after `from` where `pattern` begins, looking at most `limit` bytes ahead.
    private func find(_ pattern: [UInt8], from: Int, limit: Int = .max) -> Int? {
        guard from < buffer.count else { return nil }
        let last = min(buffer.count - pattern.count, from.addingReportingOverflow(limit).overflow ? .max : from + limit)
        guard last >= from else { return nil }
        for index in from...last where hasPrefix(pattern, at: index) { return index }
        return nil
    }

    private func text(_ from: Int, _ to: Int) -> String {
        let upper = min(max(from, to), buffer.count)
        let lower = min(from, upper)
        return String(decoding: buffer[lower..<upper], as: UTF8.self)
    }
}
