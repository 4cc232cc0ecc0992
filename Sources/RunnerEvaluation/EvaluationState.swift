import Foundation
import RunnerIndicators

/// One symbol's running evaluation: indicator instances, the latest value of every slot and the
/// histories look-backs read. Stepping it does no allocation.
///
/// Defined results, never a crash: arithmetic on NaN is NaN; division by zero, `log` of a non-positive
/// number and `sqrt` of a negative one are NaN; comparisons with NaN are unknown (NaN); `and`/`or` use
/// three-valued logic (false `and` unknown is false, true `or` unknown is true); a look-back further
/// than the history is NaN. Indicators are fed only finite inputs: a bar whose input is NaN (during an
/// inner indicator's warm-up, or after a division by zero) is skipped by that indicator, which keeps its
/// last value, so one bad bar cannot poison its running sums.
public final class EvaluationState {
    let program: EvaluationProgram
    /// Memory allocated once, like ``RingBuffer``'s: an array in a class property would pay an
    /// exclusivity and a uniqueness check on every slot written, several per instruction.
    private let values: UnsafeMutableBufferPointer<Double>
    private let indicators: [any StreamingIndicator]
    private let histories: [RingBuffer]
    /// Bars stepped so far.
    public private(set) var barCount = 0
    /// The strategy's position before the bar being stepped; the signal engine sets it (see ``PositionField``).
    public var position = PositionValues()

    init(program: EvaluationProgram) {
        self.program = program
        values = .allocate(capacity: program.slotCount)
        values.initialize(repeating: .nan)
        indicators = program.indicators.map { $0.descriptor.make($0.parameters) }
        histories = program.historyCapacities.map { RingBuffer(capacity: $0) }
    }

    deinit { values.deallocate() }

    /// True once enough bars were seen for every expression to have a value.
    public var isWarm: Bool { barCount > program.warmUpBars }

    /// The latest value of a compiled root expression.
    public func value(of name: String) -> Double {
        guard let slot = program.outputs[name] else { return .nan }
        return values[slot]
    }

    /// The latest value of a root, by its slot (see ``EvaluationProgram/outputs``); faster than by name.
    public func value(slot: Int) -> Double { values[slot] }

    /// Runs every instruction for one bar.
    public func step(_ bar: BarFields) {
        barCount += 1
        for instruction in program.instructions {
            switch instruction {
            case .field(let field, let slot):
                values[slot] = switch field {
                case .open: bar.open
                case .high: bar.high
                case .low: bar.low
                case .close: bar.close
                case .volume: bar.volume
                }
            case .position(let field, let slot):
                values[slot] = switch field {
                case .position: position.signedSize
                case .barsInPosition: position.barsInPosition
                case .entryPrice: position.entryPrice
                }
            case .constant(let value, let slot):
                values[slot] = value
            case .updateIndicator(let instance, let first, let second):
                let firstValue = first >= 0 ? values[first] : .nan
                let secondValue = second >= 0 ? values[second] : .nan
                guard first < 0 || firstValue.isFinite, second < 0 || secondValue.isFinite else { continue }
                indicators[instance].update(IndicatorInput(first: firstValue, second: secondValue, bar: bar))
            case .readIndicator(let instance, let output, let slot):
                values[slot] = indicators[instance].value(output)
            case .unary(let op, let operand, let slot):
                values[slot] = Semantics.unary(op, values[operand])
            case .binary(let op, let left, let right, let slot):
                values[slot] = Semantics.binary(op, values[left], values[right])
            case .function(let function, let a, let b, let c, let slot):
                values[slot] = Semantics.function(
                    function, values[a], b >= 0 ? values[b] : .nan, c >= 0 ? values[c] : .nan)
            case .record(let slot, let history):
                histories[history].append(values[slot])
            case .lookBack(let history, let offset, let slot):
                values[slot] = offset < histories[history].count ? histories[history][age: offset] : .nan
            case .crosses(let above, let first, let second, let slot):
                values[slot] = crossing(above: above, histories[first], histories[second])
            }
        }
    }

    /// The values of ``PositionField`` as numbers.
    public struct PositionValues: Sendable, Hashable {
        public var signedSize: Double = 0
        public var barsInPosition: Double = 0
        public var entryPrice: Double = .nan
        public init(signedSize: Double = 0, barsInPosition: Double = 0, entryPrice: Double = .nan) {
            self.signedSize = signedSize
            self.barsInPosition = barsInPosition
            self.entryPrice = entryPrice
        }
    }

    private func crossing(above: Bool, _ first: RingBuffer, _ second: RingBuffer) -> Double {
        guard first.count >= 2, second.count >= 2 else { return .nan }
        let (now, before) = (first[age: 0] - second[age: 0], first[age: 1] - second[age: 1])
        guard now.isFinite, before.isFinite else { return .nan }
        return (above ? now > 0 && before <= 0 : now < 0 && before >= 0) ? 1 : 0
    }
}
