import RunnerExpressions
import RunnerIndicators

/// The mutable half of ``ExpressionCompiler``: emits instructions, shares slots by structural key, and
/// tracks from which bar index each slot can hold a value.
struct ProgramBuilder {
    let registry: IndicatorRegistry
    let definitions: [String: ExpressionNode]
    private(set) var instructions: [Instruction] = []
    private(set) var indicators: [EvaluationProgram.IndicatorSlot] = []
    private(set) var historyCapacities: [Int] = []
    /// For each slot, the first bar index (0-based) at which it can have a value.
    private(set) var readyAt: [Int] = []
    private var slotsByKey: [String: Int] = [:]
    private var instancesByKey: [String: (instance: Int, readyAt: Int)] = [:]
    private var historyBySlot: [Int: Int] = [:]

    init(registry: IndicatorRegistry, definitions: [String: ExpressionNode]) {
        self.registry = registry
        self.definitions = definitions
    }

    /// The slot holding `node`'s value, emitting its instructions the first time its structure is seen.
    mutating func compile(_ node: ExpressionNode) throws(CompilationError) -> Int {
        let key = try structuralKey(node)
        if let slot = slotsByKey[key] { return slot }
        let slot: Int
        switch node.kind {
        case .number(let value, _):
            slot = emit(.constant(value, into: readyAt.count), readyAt: 0)
        case .boolean(let flag):
            slot = emit(.constant(flag ? 1 : 0, into: readyAt.count), readyAt: 0)
        case .identifier(let name):
            if let field = BarField(rawValue: name) {
                slot = emit(.field(field, into: readyAt.count), readyAt: 0)
            } else if let definition = definitions[name] {
                slot = try compile(definition)
            } else {
                throw .unknownName(name)
            }
        case .unary(let op, let operand):
            let value = try compile(operand)
            slot = emit(.unary(op, value, into: readyAt.count), readyAt: readyAt[value])
        case .binary(let op, let left, let right, _):
            let (l, r) = (try compile(left), try compile(right))
            slot = emit(.binary(op, l, r, into: readyAt.count), readyAt: max(readyAt[l], readyAt[r]))
        case .lookBack(let base, let offsetNode):
            guard let offset = offsetNode.literalNumber, offset >= 0, offset == offset.rounded() else {
                throw .unsupported(node.description)
            }
            let value = try compile(base)
            let history = ensureHistory(for: value, reaching: Int(offset))
            slot = emit(.lookBack(history: history, offset: Int(offset), into: readyAt.count),
                        readyAt: readyAt[value] + Int(offset))
        case .member(let base, let field, _):
            slot = try compileIndicatorOutput(base, field: field)
        case .call(let name, _, let arguments):
            slot = try compileCall(name, arguments, node: node)
        }
        slotsByKey[key] = slot
        return slot
    }

    private mutating func compileCall(_ name: String, _ arguments: [ExpressionNode], node: ExpressionNode)
        throws(CompilationError) -> Int
    {
        if name == "crosses_above" || name == "crosses_below", arguments.count == 2 {
            let (a, b) = (try compile(arguments[0]), try compile(arguments[1]))
            let (historyA, historyB) = (ensureHistory(for: a, reaching: 1), ensureHistory(for: b, reaching: 1))
            return emit(.crosses(above: name == "crosses_above", first: historyA, second: historyB, into: readyAt.count),
                        readyAt: max(readyAt[a], readyAt[b]) + 1)
        }
        if let function = BuiltinFunction(rawValue: name) {
            var slots: [Int] = []
            for argument in arguments { slots.append(try compile(argument)) }
            let padded = slots + Array(repeating: -1, count: max(0, 3 - slots.count))
            let ready = slots.map { readyAt[$0] }.max() ?? 0
            return emit(.function(function, padded[0], padded[1], padded[2], into: readyAt.count), readyAt: ready)
        }
        return try compileIndicatorOutput(node, field: nil)
    }

    /// Reads output `field` (or the only output) of the indicator called by `callNode`.
    private mutating func compileIndicatorOutput(_ callNode: ExpressionNode, field: String?) throws(CompilationError) -> Int {
        var target = callNode
        while case .identifier(let name) = target.kind, let definition = definitions[name] { target = definition }
        guard case .call(let name, _, let arguments) = target.kind else { throw .unsupported(callNode.description) }
        guard let descriptor = registry.descriptor(named: name) else { throw .unknownFunction(name) }
        let signature = descriptor.signature
        let fieldIndex: Int
        if let field {
            guard let index = signature.result.fields?.firstIndex(of: field) else { throw .unsupported(field) }
            fieldIndex = index
        } else {
            fieldIndex = 0
        }
        let (instance, ready) = try instance(for: target, descriptor: descriptor, arguments: arguments)
        return emit(.readIndicator(instance: instance, output: fieldIndex, into: readyAt.count), readyAt: ready)
    }

    private mutating func instance(
        for call: ExpressionNode, descriptor: IndicatorDescriptor, arguments: [ExpressionNode]
    ) throws(CompilationError) -> (Int, Int) {
        let key = try structuralKey(call)
        if let existing = instancesByKey[key] { return existing }
        let signature = descriptor.signature
        var seriesSlots: [Int] = []
        for (index, parameter) in signature.parameters.enumerated() where !parameter.kind.isConstant {
            guard index < arguments.count else { throw .unsupported(call.description) }
            seriesSlots.append(try compile(arguments[index]))
        }
        let constants = signature.constantArguments(arguments).enumerated()
            .filter { signature.parameters[$0.offset].kind.isConstant }.map { $0.element }
        guard constants.allSatisfy({ $0 != nil }) else { throw .unsupported(call.description) }
        let parameters = constants.compactMap { $0 }
        let probe = descriptor.make(parameters)
        let inputsReady = seriesSlots.map { readyAt[$0] }.max() ?? 0
        let instance = indicators.count
        indicators.append(.init(descriptor: descriptor, parameters: parameters))
        instructions.append(.updateIndicator(
            instance: instance, first: seriesSlots.first ?? -1, second: seriesSlots.count > 1 ? seriesSlots[1] : -1))
        let result = (instance, inputsReady + probe.lookback)
        instancesByKey[key] = result
        return result
    }

    /// The history of `slot`, able to look back `offset` bars; recorded right after the slot is computed.
    private mutating func ensureHistory(for slot: Int, reaching offset: Int) -> Int {
        if let history = historyBySlot[slot] {
            historyCapacities[history] = max(historyCapacities[history], offset + 1)
            return history
        }
        let history = historyCapacities.count
        historyCapacities.append(offset + 1)
        historyBySlot[slot] = history
        instructions.append(.record(slot: slot, history: history))
        return history
    }

    private mutating func emit(_ instruction: Instruction, readyAt ready: Int) -> Int {
        instructions.append(instruction)
        readyAt.append(ready)
        return readyAt.count - 1
    }

    /// A text that is equal for structurally equal expressions, with named indicators expanded.
    func structuralKey(_ node: ExpressionNode) throws(CompilationError) -> String {
        switch node.kind {
        case .number(let value, _): return "\(value)"
        case .boolean(let flag): return flag ? "true" : "false"
        case .identifier(let name):
            if BarField(rawValue: name) != nil { return name }
            guard let definition = definitions[name] else { throw .unknownName(name) }
            return try structuralKey(definition)
        case .call(let name, _, let arguments):
            var keys: [String] = []
            for argument in arguments { keys.append(try structuralKey(argument)) }
            // Defaults filled in, so `rsi(close)` and `rsi(close, 14)` share one instance.
            if let signature = registry.descriptor(named: name)?.signature, arguments.count < signature.parameters.count {
                keys += signature.parameters[arguments.count...].map { $0.defaultValue.map { "\($0)" } ?? "?" }
            }
            return "\(name)(\(keys.joined(separator: ",")))"
        case .member(let base, let field, _): return "\(try structuralKey(base)).\(field)"
        case .lookBack(let base, let offset): return "\(try structuralKey(base))[\(try structuralKey(offset))]"
        case .unary(let op, let operand): return "(\(op.rawValue) \(try structuralKey(operand)))"
        case .binary(let op, let left, let right, _):
            return "(\(try structuralKey(left)) \(op.rawValue) \(try structuralKey(right)))"
        }
    }
}
