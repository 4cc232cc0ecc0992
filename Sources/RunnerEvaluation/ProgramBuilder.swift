import RunnerExpressions
import RunnerIndicators

/// The mutable half of ``ExpressionCompiler``: emits instructions, shares slots by structure, and
/// tracks from which bar index each slot can hold a value.
///
/// Sharing is decided bottom-up: a node's key is its operation and the slots of its operands, so two
/// nodes share a slot exactly when they compute the same thing from the same inputs, and a key stays
/// short however deep the named indicators nest.
struct ProgramBuilder {
    let registry: IndicatorRegistry
    let definitions: [String: ExpressionNode]
    private(set) var instructions: [Instruction] = []
    private(set) var indicators: [EvaluationProgram.IndicatorSlot] = []
    private(set) var historyCapacities: [Int] = []
    /// For each slot, the first bar index (0-based) at which it can have a value.
    private(set) var readyAt: [Int] = []
    private var slotsByKey: [String: Int] = [:]
    private var definitionSlots: [String: Int] = [:]
    private var instancesByKey: [String: (instance: Int, readyAt: Int)] = [:]
    private var historyBySlot: [Int: Int] = [:]

    init(registry: IndicatorRegistry, definitions: [String: ExpressionNode]) {
        self.registry = registry
        self.definitions = definitions
    }

    /// The slot holding `node`'s value, emitting its instructions the first time its structure is seen.
    mutating func compile(_ node: ExpressionNode) throws(CompilationError) -> Int {
        switch node.kind {
        case .number(let value, _):
            return intern("\(value)", .constant(value, into: readyAt.count), readyAt: 0)
        case .boolean(let flag):
            return intern(flag ? "true" : "false", .constant(flag ? 1 : 0, into: readyAt.count), readyAt: 0)
        case .identifier(let name):
            if let field = BarField(rawValue: name) {
                return intern(name, .field(field, into: readyAt.count), readyAt: 0)
            }
            if let field = PositionField(rawValue: name), definitions[name] == nil {
                return intern("$\(name)", .position(field, into: readyAt.count), readyAt: 0)
            }
            if let slot = definitionSlots[name] { return slot }
            guard let definition = definitions[name] else { throw .unknownName(name) }
            let slot = try compile(definition)
            definitionSlots[name] = slot
            return slot
        case .unary(let op, let operand):
            let value = try compile(operand)
            return intern("\(op.rawValue) \(value)", .unary(op, value, into: readyAt.count), readyAt: readyAt[value])
        case .binary(let op, let left, let right, _):
            let (l, r) = (try compile(left), try compile(right))
            return intern("\(l) \(op.rawValue) \(r)", .binary(op, l, r, into: readyAt.count),
                          readyAt: max(readyAt[l], readyAt[r]))
        case .lookBack(let base, let offsetNode):
            guard let offset = offsetNode.literalNumber, offset >= 0, offset == offset.rounded(),
                offset <= Double(FunctionSignature.maximumWindow)
            else { throw .unsupported(node.description) }
            let value = try compile(base)
            let key = "\(value)[\(Int(offset))]"
            if let slot = slotsByKey[key] { return slot }
            let history = ensureHistory(for: value, reaching: Int(offset))
            return intern(key, .lookBack(history: history, offset: Int(offset), into: readyAt.count),
                          readyAt: readyAt[value] + Int(offset))
        case .member(let base, let field, _):
            return try compileIndicatorOutput(base, field: field)
        case .call(let name, _, let arguments):
            return try compileCall(name, arguments, node: node)
        }
    }

    private mutating func compileCall(_ name: String, _ arguments: [ExpressionNode], node: ExpressionNode)
        throws(CompilationError) -> Int
    {
        if name == "crosses_above" || name == "crosses_below", arguments.count == 2 {
            let (a, b) = (try compile(arguments[0]), try compile(arguments[1]))
            let key = "\(name)(\(a), \(b))"
            if let slot = slotsByKey[key] { return slot }
            let (historyA, historyB) = (ensureHistory(for: a, reaching: 1), ensureHistory(for: b, reaching: 1))
            return intern(key, .crosses(above: name == "crosses_above", first: historyA, second: historyB,
                                        into: readyAt.count),
                          readyAt: max(readyAt[a], readyAt[b]) + 1)
        }
        if let function = BuiltinFunction(rawValue: name) {
            var slots: [Int] = []
            for argument in arguments { slots.append(try compile(argument)) }
            let padded = slots + Array(repeating: -1, count: max(0, 3 - slots.count))
            let ready = slots.map { readyAt[$0] }.max() ?? 0
            return intern("\(name)(\(slots))", .function(function, padded[0], padded[1], padded[2], into: readyAt.count),
                          readyAt: ready)
        }
        return try compileIndicatorOutput(node, field: nil)
    }

    /// Reads output `field` (or the only output) of the indicator called by `callNode`.
    private mutating func compileIndicatorOutput(_ callNode: ExpressionNode, field: String?) throws(CompilationError) -> Int {
        var target = callNode
        while case .identifier(let name) = target.kind, let definition = definitions[name] { target = definition }
        guard case .call(let name, _, let arguments) = target.kind else { throw .unsupported(callNode.description) }
        guard let descriptor = registry.descriptor(named: name) else { throw .unknownFunction(name) }
        var fieldIndex = 0
        if let field {
            guard let index = descriptor.signature.result.fields?.firstIndex(of: field) else { throw .unsupported(field) }
            fieldIndex = index
        }
        let (instance, ready) = try instance(for: target, descriptor: descriptor, arguments: arguments)
        return intern("#\(instance).\(fieldIndex)", .readIndicator(instance: instance, output: fieldIndex, into: readyAt.count),
                      readyAt: ready)
    }

    /// The indicator instance of a call: one per distinct function, series inputs and parameters
    /// (defaults filled in, so `rsi(close)` and `rsi(close, 14)` share one).
    private mutating func instance(
        for call: ExpressionNode, descriptor: IndicatorDescriptor, arguments: [ExpressionNode]
    ) throws(CompilationError) -> (Int, Int) {
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
        let key = "\(signature.name)(\(seriesSlots); \(parameters))"
        if let existing = instancesByKey[key] { return existing }
        let lookback = descriptor.make(parameters).lookback
        let inputsReady = seriesSlots.map { readyAt[$0] }.max() ?? 0
        let instance = indicators.count
        indicators.append(.init(descriptor: descriptor, parameters: parameters))
        instructions.append(.updateIndicator(
            instance: instance, first: seriesSlots.first ?? -1, second: seriesSlots.count > 1 ? seriesSlots[1] : -1))
        let result = (instance, inputsReady + lookback)
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

    /// The slot already computing `key`, or a new one computed by `instruction`.
    private mutating func intern(_ key: String, _ instruction: Instruction, readyAt ready: Int) -> Int {
        if let slot = slotsByKey[key] { return slot }
        instructions.append(instruction)
        readyAt.append(ready)
        let slot = readyAt.count - 1
        slotsByKey[key] = slot
        return slot
    }
}
