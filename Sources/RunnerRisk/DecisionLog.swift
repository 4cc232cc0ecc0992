import RunnerCore

/// Where every decision goes with its inputs, so "why was this order blocked" always has an answer.
/// The journal implements it later; the memory and line logs serve until then.
public protocol DecisionLog: AnyObject {
    func record(_ decision: RiskDecision, at milliseconds: Int64)
}

/// Keeps decisions in memory: the test double and the embedded default.
public final class MemoryDecisionLog: DecisionLog {
    public private(set) var decisions: [(at: Int64, decision: RiskDecision)] = []
    /// How many decisions are kept; later ones are dropped (the gate's counts still see them).
    public let capacity: Int

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    public func record(_ decision: RiskDecision, at milliseconds: Int64) {
        if decisions.count < capacity { decisions.append((milliseconds, decision)) }
    }
}

/// Writes one structured line per decision (`risk_decision at=... decision=DENIED code=... symbol=...`)
/// to a sink: standard error, a file, a central log.
public final class LineDecisionLog: DecisionLog {
    private let write: (String) -> Void

    public init(write: @escaping (String) -> Void) { self.write = write }

    public func record(_ decision: RiskDecision, at milliseconds: Int64) {
        write(decision.logLine(at: milliseconds))
    }
}

extension RiskDecision {
    /// The decision and its inputs as `key=value` pairs, one line, for log search.
    ///
    /// Written byte by byte into one string of the right size: the journal writes a line per decision,
    /// and interpolated fields joined afterwards cost several times more.
    public func logLine(at milliseconds: Int64) -> String {
        let target: TargetPosition
        let code: String?
        let figures: [Denial.Figure]
        switch self {
        case .approved(let approved): (target, code, figures) = (approved.target, nil, [])
        case .denied(let denial): (target, code, figures) = (denial.target, denial.code.rawValue, denial.figures)
        }
        let price = target.referencePrice.description
        let stop = target.stopDistance?.description ?? "default"
        var capacity = 160 + target.strategy.utf8.count + target.symbol.rawValue.utf8.count + price.utf8.count
            + stop.utf8.count + (code?.utf8.count ?? 0)
        for figure in figures { capacity += 2 + figure.name.utf8.count + figure.value.utf8.count }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var line = LineWriter(buffer: buffer)
            line.append("risk_decision at=")
            line.append(milliseconds)
            if let code {
                line.append(" decision=DENIED code=")
                line.append(code)
                for figure in figures {
                    line.append(" ")
                    line.append(figure.name)
                    line.append("=")
                    line.append(figure.value)
                }
            } else {
                line.append(" decision=APPROVED")
            }
            line.append(" strategy=")
            line.append(target.strategy)
            line.append(" symbol=")
            line.append(target.symbol.rawValue)
            line.append(" target=")
            line.append(target.signedSize)
            line.append(" price=")
            line.append(price)
            line.append(" stop=")
            line.append(stop)
            line.append(" decision_time=")
            line.append(target.decisionTime)
            return line.count
        }
    }
}

/// Appends UTF-8 into a buffer sized beforehand (see ``RiskDecision/logLine(at:)``).
private struct LineWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var count = 0

    mutating func append(_ text: StaticString) {
        let bytes = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        copy(bytes)
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { copy($0) }
    }

    /// Decimal digits, as `String(value)` writes them.
    mutating func append(_ value: Int64) {
        if value < 0 {
            buffer[count] = UInt8(ascii: "-")
            count += 1
        }
        // Count the digits, then write them right to left in place.
        var magnitude = value.magnitude
        var digits = 0
        var probe = magnitude
        repeat {
            digits += 1
            probe /= 10
        } while probe > 0
        count += digits
        var index = count
        repeat {
            index -= 1
            buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
    }

    private mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        (buffer.baseAddress! + count).update(from: base, count: bytes.count)
        count += bytes.count
    }
}
