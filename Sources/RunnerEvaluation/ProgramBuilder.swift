import RunnerExpressions
import RunnerIndicators

/// The mutable half of ``ExpressionCompiler``: emits instructions, shares slots by structure, and
/// tracks from which bar index each slot can hold a value.
///
/// Sharing is decided bottom-up: a node's key is its operation, its context and the slots of its operands,
/// so two nodes share a slot exactly when they compute the same thing from the same inputs on the same bars,
/// and a key stays short however deep the named indicators nest.
///
/// Every slot belongs to a context (see ``ProgramBuilder+Contexts.swift``): the base bars, one higher
/// timeframe read with `@`, or none for constants. `frame` in the methods below is the context whose bar
/// fields `open`...`volume` read.
struct ProgramBuilder {
    let registry: IndicatorRegistry
    let definitions: [String: ExpressionNode]
    /// The base bars' length in milliseconds; nil when the caller gave none (then `@` cannot compile).
    let baseTimeframe: Int64?
    /// Constant slots, written once when a state is made.
    private(set) var constants: [EvaluationProgram.ConstantSlot] = []
    /// The instructions of each context: index 0 runs on every base bar, index `i` on each completed bar of
    /// ``contextLengths``[i].
    var instructionLists: [[Instruction]] = [[]]
    /// The bar length (milliseconds) of each context; index 0, the base, is ``baseTimeframe`` or 0.
    var contextLengths: [Int64]
    private(set) var indicators: [EvaluationProgram.IndicatorSlot] = []
    private(set) var historyCapacities: [Int] = []
    /// For each slot, the first bar index (0-based, counted in its own context's bars) at which it can
    /// have a value.
    private(set) var readyAt: [Int] = []
    /// For each slot, its context (``constantContext`` for constants).
    private(set) var slotContexts: [Int] = []
    private var slotsByKey: [String: Int] = [:]
    private var definitionSlots: [String: Int] = [:]
    private var instancesByKey: [String: (instance: Int, context: Int, readyAt: Int)] = [:]
    private var historyBySlot: [HistoryKey: Int] = [:]

    /// A history records one slot's values once per bar of one context.
    private struct HistoryKey: Hashable {
        var slot: Int
        var context: Int
    }

    /// The context of constants: they belong to no bars.
    static let constantContext = -1

    init(registry: IndicatorRegistry, definitions: [String: ExpressionNode], baseTimeframe: Int64?) {
        self.registry = registry
        self.definitions = definitions
        self.baseTimeframe = baseTimeframe
        contextLengths = [baseTimeframe ?? 0]
    }

    /// The slot holding `node`'s value read on the bars of context `frame`, emitting its instructions the
    /// first time its structure is seen.
    mutating func compile(_ node: ExpressionNode, frame: Int = 0) throws(CompilationError) -> Int {
        switch node.kind {
        case .number(let value, _):
            return constant(value)
        case .boolean(let flag):
            return constant(flag ? 1 : 0)
        case .identifier(let name):
            if let field = BarField(rawValue: name) {
                return intern(name, .field(field, into: readyAt.count), context: frame, readyAt: 0)
            }
            if let field = PositionField(rawValue: name), definitions[name] == nil {
                // The strategy's own position moves with its decisions, on the base bars.
                return intern("$\(name)", .position(field, into: readyAt.count), context: 0, readyAt: 0)
            }
            let definitionKey = "\(frame)|\(name)"
            if let slot = definitionSlots[definitionKey] { return slot }
            guard let definition = definitions[name] else { throw .unknownName(name) }
            let slot = try compile(definition, frame: frame)
            definitionSlots[definitionKey] = slot
            return slot
        case .unary(let op, let operand):
            let value = try compile(operand, frame: frame)
            let context = joinedContext([value], frame: frame)
            return intern("\(op.rawValue) \(value)", .unary(op, value, into: readyAt.count), context: context,
                          readyAt: ready(value, in: context))
        case .binary(let op, let left, let right, _):
            let (l, r) = (try compile(left, frame: frame), try compile(right, frame: frame))
            let context = joinedContext([l, r], frame: frame)
            return intern("\(l) \(op.rawValue) \(r)", .binary(op, l, r, into: readyAt.count), context: context,
                          readyAt: max(ready(l, in: context), ready(r, in: context)))
        case .lookBack(let base, let offsetNode):
            guard let offset = offsetNode.literalNumber, offset >= 0, offset == offset.rounded(),
                offset <= Double(FunctionSignature.maximumWindow)
            else { throw .unsupported(node.description) }
            let value = try compile(base, frame: frame)
            // `close@1h[1]` is one completed hour back: the look-back counts the bars of its value's context.
            let context = joinedContext([value], frame: frame)
            let key = "\(value)[\(Int(offset))]"
            if let slot = existingSlot(key, context: context) { return slot }
            let history = ensureHistory(for: value, in: context, reaching: Int(offset))
            return intern(key, .lookBack(history: history, offset: Int(offset), into: readyAt.count),
                          context: context, readyAt: ready(value, in: context) + Int(offset))
        case .timeframe(let base, let timeframe, _):
            return try compile(base, frame: try context(for: timeframe, inside: frame))
        case .member(let base, let field, _):
            return try compileIndicatorOutput(base, field: field, frame: frame)
        case .call(let name, _, let arguments):
            return try compileCall(name, arguments, node: node, frame: frame)
        }
    }

    private mutating func compileCall(_ name: String, _ arguments: [ExpressionNode], node: ExpressionNode, frame: Int)
        throws(CompilationError) -> Int
    {
        if name == "crosses_above" || name == "crosses_below", arguments.count == 2 {
            let (a, b) = (try compile(arguments[0], frame: frame), try compile(arguments[1], frame: frame))
            let context = joinedContext([a, b], frame: frame)
            let key = "\(name)(\(a), \(b))"
            if let slot = existingSlot(key, context: context) { return slot }
            let historyA = ensureHistory(for: a, in: context, reaching: 1)
            let historyB = ensureHistory(for: b, in: context, reaching: 1)
            return intern(key, .crosses(above: name == "crosses_above", first: historyA, second: historyB,
                                        into: readyAt.count),
                          context: context, readyAt: max(ready(a, in: context), ready(b, in: context)) + 1)
        }
        if let function = BuiltinFunction(rawValue: name) {
            var slots: [Int] = []
            for argument in arguments { slots.append(try compile(argument, frame: frame)) }
            let context = joinedContext(slots, frame: frame)
            let padded = slots + Array(repeating: -1, count: max(0, 3 - slots.count))
            let ready = slots.map { self.ready($0, in: context) }.max() ?? 0
            let instruction = Instruction.function(function, padded[0], padded[1], padded[2], into: readyAt.count)
            return intern("\(name)(\(slots))", instruction, context: context, readyAt: ready)
        }
        return try compileIndicatorOutput(node, field: nil, frame: frame)
    }

    /// Reads output `field` (or the only output) of the indicator called by `callNode`.
    private mutating func compileIndicatorOutput(_ callNode: ExpressionNode, field: String?, frame: Int)
        throws(CompilationError) -> Int
    {
        var target = callNode
        while case .identifier(let name) = target.kind, let definition = definitions[name] { target = definition }
        if case .timeframe(let inner, let timeframe, let atRange) = target.kind, let field {
            // `bbands(close, 20, 2)@1h.upper` is `bbands(close, 20, 2).upper@1h`.
            let member = ExpressionNode(.member(inner, field: field, fieldRange: target.range), range: target.range)
            return try compile(
                ExpressionNode(.timeframe(member, timeframe, atRange: atRange), range: target.range), frame: frame)
        }
        guard case .call(let name, _, let arguments) = target.kind else { throw .unsupported(callNode.description) }
        guard let descriptor = registry.descriptor(named: name) else { throw .unknownFunction(name) }
        var fieldIndex = 0
        if let field {
            guard let index = descriptor.signature.result.fields?.firstIndex(of: field) else { throw .unsupported(field) }
            fieldIndex = index
        }
        let made = try instance(for: target, descriptor: descriptor, arguments: arguments, frame: frame)
        return intern("#\(made.instance).\(fieldIndex)",
                      .readIndicator(instance: made.instance, output: fieldIndex, into: readyAt.count),
                      context: made.context, readyAt: made.readyAt)
    }

    /// The indicator instance of a call: one per distinct function, series inputs, parameters (defaults
    /// filled in, so `rsi(close)` and `rsi(close, 14)` share one) and context. An indicator whose series
    /// inputs all come from one higher timeframe runs on that timeframe's bars (`ema(close@1h, 20)` is a
    /// 20-hour EMA); one with mixed inputs runs on the frame's bars.
    private mutating func instance(
        for call: ExpressionNode, descriptor: IndicatorDescriptor, arguments: [ExpressionNode], frame: Int
    ) throws(CompilationError) -> (instance: Int, context: Int, readyAt: Int) {
        let signature = descriptor.signature
        var seriesSlots: [Int] = []
        for (index, parameter) in signature.parameters.enumerated() where !parameter.kind.isConstant {
            guard index < arguments.count else { throw .unsupported(call.description) }
            seriesSlots.append(try compile(arguments[index], frame: frame))
        }
        let constants = signature.constantArguments(arguments).enumerated()
            .filter { signature.parameters[$0.offset].kind.isConstant }.map { $0.element }
        guard constants.allSatisfy({ $0 != nil }) else { throw .unsupported(call.description) }
        let parameters = constants.compactMap { $0 }
        let context = joinedContext(seriesSlots, frame: frame)
        let key = "\(context)|\(signature.name)(\(seriesSlots); \(parameters))"
        if let existing = instancesByKey[key] { return existing }
        let lookback = descriptor.make(parameters).lookback
        let inputsReady = seriesSlots.map { ready($0, in: context) }.max() ?? 0
        let instance = indicators.count
        indicators.append(.init(descriptor: descriptor, parameters: parameters))
        instructionLists[context].append(.updateIndicator(
            instance: instance, first: seriesSlots.first ?? -1, second: seriesSlots.count > 1 ? seriesSlots[1] : -1))
        let result = (instance, context, inputsReady + lookback)
        instancesByKey[key] = result
        return result
    }

    /// The history of `slot` sampled once per bar of `context`, able to look back `offset` bars; recorded
    /// right after the slot is computed (or, for a higher timeframe's value read on base bars, on every base
    /// bar after the higher timeframes have been brought up to date).
    private mutating func ensureHistory(for slot: Int, in context: Int, reaching offset: Int) -> Int {
        let key = HistoryKey(slot: slot, context: context)
        if let history = historyBySlot[key] {
            historyCapacities[history] = max(historyCapacities[history], offset + 1)
            return history
        }
        let history = historyCapacities.count
        historyCapacities.append(offset + 1)
        historyBySlot[key] = history
        instructionLists[context].append(.record(slot: slot, history: history))
        return history
    }

    /// The slot already computing `key` in `context`, if any.
    private func existingSlot(_ key: String, context: Int) -> Int? {
        slotsByKey["\(context)|\(key)"]
    }

    /// The slot already computing `key` in `context`, or a new one computed there by `instruction`.
    private mutating func intern(_ key: String, _ instruction: Instruction, context: Int, readyAt ready: Int) -> Int {
        let fullKey = "\(context)|\(key)"
        if let slot = slotsByKey[fullKey] { return slot }
        instructionLists[context].append(instruction)
        return addSlot(fullKey, context: context, readyAt: ready)
    }

    /// The slot holding `value`, set once when a state is made.
    private mutating func constant(_ value: Double) -> Int {
        let key = "\(Self.constantContext)|\(value)"
        if let slot = slotsByKey[key] { return slot }
        constants.append(.init(slot: readyAt.count, value: value))
        return addSlot(key, context: Self.constantContext, readyAt: 0)
    }

    private mutating func addSlot(_ key: String, context: Int, readyAt ready: Int) -> Int {
        readyAt.append(ready)
        slotContexts.append(context)
        let slot = readyAt.count - 1
        slotsByKey[key] = slot
        return slot
    }
}
