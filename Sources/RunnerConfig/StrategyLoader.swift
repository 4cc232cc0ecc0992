import RunnerCore
import RunnerDiagnostics
import RunnerExpressions
import RunnerYAML

/// Decodes a strategy file and type-checks its expressions against the function catalog.
struct StrategyLoader {
    let catalog: PluginCatalog
    let source: ExpressionSourceText
    var decoder = ScalarDecoder()

    /// `source` is the file's text, for positions inside multi-line expressions.
    init(catalog: PluginCatalog, source: String) {
        self.catalog = catalog
        self.source = ExpressionSourceText(source)
    }

    /// Loads the file as the strategy named after it, or, with `use`, as an environment runs it (its
    /// name and parameter values).
    mutating func load(_ document: YAMLNode, file: String, expectedName: String, use: StrategyUse? = nil) -> StrategyConfig? {
        let specs = ConfigSchema.strategy(catalog: catalog)
        guard let reader = MappingReader(document, specs: specs, context: "strategy file",
                                         diagnostics: &decoder.diagnostics)
        else { return nil }
        let name = reader.value("strategy").flatMap { decoder.identifier($0, field: "strategy") }
        if let name, name.value != expectedName {
            decoder.diagnostics.error(
                at: name.location, code: "name-mismatch",
                "the strategy is named '\(name.value)' but its file is '\(expectedName).yaml'; the two must match")
        }
        let universe = reader.value("universe").map { decoder.symbols($0, field: "universe") } ?? []
        if let node = reader.value("universe"), node.sequence?.isEmpty == true {
            decoder.diagnostics.error(at: node.location, code: "empty-list", "'universe' must list at least one symbol")
        }
        if let node = reader.value("universe"), let count = node.sequence?.count, count > ConfigDefaults.maximumUniverse {
            decoder.diagnostics.error(
                at: node.location, code: "out-of-range",
                "'universe' lists \(count.grouped) symbols; a strategy trades at most "
                    + "\(ConfigDefaults.maximumUniverse.grouped) (split it into several strategies)")
        }
        let timeframe = reader.value("timeframe").flatMap { decoder.positiveDuration($0, field: "timeframe") }
        let description = reader.value("description").flatMap { decoder.string($0, field: "description") }?.value

        let parameters = decodeParameters(reader.value("params"), overrides: use?.overrides ?? [])
        let (indicators, checker) = checkIndicators(
            reader.value("indicators"), constants: Self.constants(parameters), baseTimeframe: Self.expressionTimeframe(timeframe))
        let rules = decodeRules(reader.value("rules"), spec: reader.spec("rules"), checker: checker)
        let exits = decodeExits(reader.value("exits"), spec: reader.spec("exits"), checker: checker,
                                holds: rules?.holds ?? true, positionReaders: Self.positionReaders(indicators))
        if let rules { checkPositionsClose(rules, exits: exits, at: reader.value("rules")?.location) }
        let confidence = reader.value("confidence").flatMap {
            expression($0, name: "confidence", expecting: .number, role: "confidence", checker: checker)
        }
        let sizing = decodeSizing(reader.value("sizing"), spec: reader.spec("sizing"), checker: checker)
        guard let name, let timeframe, !universe.isEmpty, let rules, let sizing, !decoder.diagnostics.hasErrors
        else { return nil }
        var strategy = StrategyConfig(
            file: file, name: use.map { $0.name.value == name.value ? name : $0.name } ?? name, parameters: parameters,
            universe: universe, timeframe: timeframe, description: description,
            indicators: indicators, rules: rules, confidence: confidence, sizing: sizing)
        strategy.exits = exits
        strategy.uses = use.flatMap { $0.isPlain ? nil : $0.file.value }
        return strategy
    }

    /// Parses and checks one expression-valued node; nil (with diagnostics) when it has errors.
    mutating func expression(
        _ node: YAMLNode, name: String, expecting type: ValueType, role: String, checker: TypeChecker
    ) -> StrategyExpression? {
        guard let scalar = node.scalar, !scalar.isNull else {
            decoder.diagnostics.error(at: node.location, code: "invalid-value",
                                      "'\(name)' must be an expression such as 'ema(close, 12)', but it is \(node.kindDescription)")
            return nil
        }
        let (text, origin) = source.text(of: node, scalar)
        let checked = checker.check(text, origin: origin, expecting: type, role: role)
        decoder.diagnostics.append(contentsOf: checked.diagnostics)
        guard let parsed = checked.expression, let type = checked.type, checked.diagnostics.isEmpty else { return nil }
        return StrategyExpression(name: name, text: scalar.value, location: origin, expression: parsed, type: type)
    }

    /// Checks the named indicators together (references, cycles, types) and returns them in
    /// evaluation order, with a type checker that knows them for the rules.
    private mutating func checkIndicators(_ node: YAMLNode?, constants: ExpressionConstants, baseTimeframe: Int64?)
        -> ([StrategyExpression], TypeChecker)
    {
        var definitions: [ExpressionDefinition] = []
        if let node {
            if let pairs = node.mapping {
                for pair in pairs {
                    guard let name = pair.keyText else {
                        decoder.diagnostics.error(
                            at: pair.key.location, code: "invalid-key",
                            "an indicator's name must be a plain word, not \(pair.key.kindDescription)")
                        continue
                    }
                    guard let scalar = pair.value.scalar, !scalar.isNull else {
                        decoder.diagnostics.error(
                            at: pair.value.location, code: "invalid-value",
                            "indicator '\(name)' must be an expression such as 'ema(close, 12)', "
                                + "but it is \(pair.value.kindDescription)")
                        continue
                    }
                    let (text, origin) = source.text(of: pair.value, scalar)
                    definitions.append(ExpressionDefinition(
                        name: name, text: text, origin: origin, nameLocation: pair.key.location))
                }
            } else {
                decoder.diagnostics.error(
                    at: node.location, code: "expected-mapping",
                    "'indicators' must map names to expressions, like {fast: 'ema(close, 12)'}")
            }
        }
        let checked = NamedExpressionChecker(
            catalog: catalog.functions, indicatorType: nil, allowsFunctionNames: true, constants: constants,
            providedNumbers: Self.positionNames, baseTimeframe: baseTimeframe
        ).check(definitions)
        decoder.diagnostics.append(contentsOf: checked.diagnostics)
        let byName = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let indicators = checked.orderedIndicators.compactMap { indicator -> StrategyExpression? in
            guard let definition = byName[indicator.name] else { return nil }
            return StrategyExpression(name: indicator.name, text: definition.text, location: definition.origin,
                                      expression: indicator.expression, type: indicator.type)
        }
        return (indicators, checked.typeChecker)
    }

    private mutating func decodeRules(_ node: YAMLNode?, spec: KeySpec, checker: TypeChecker) -> StrategyRules? {
        guard let node, case .object(let specs) = spec.shape,
            let reader = MappingReader(node, specs: specs, context: "'rules'", diagnostics: &decoder.diagnostics)
        else { return nil }
        func rule(_ key: String, _ loader: inout StrategyLoader) -> StrategyExpression? {
            reader.value(key).flatMap {
                loader.expression($0, name: "rules.\(key)", expecting: .boolean, role: "rule '\(key)'", checker: checker)
            }
        }
        let stateless = ["long", "short", "flat"].filter { reader.keyNode($0) != nil }
        let held = ["enter_long", "exit_long", "enter_short", "exit_short"].filter { reader.keyNode($0) != nil }
        if let first = stateless.first, let mixed = held.first, let key = reader.keyNode(mixed) {
            decoder.diagnostics.error(
                at: key.location, code: "mixed-rule-forms",
                "'rules' mixes '\(first)' (be long/short/flat at every tick) with '\(mixed)' (enter, then hold until "
                    + "the exit); a strategy uses one form: either long/short/flat or enter_*/exit_*")
            return nil
        }
        let rules = StrategyRules(
            long: rule("long", &self), short: rule("short", &self), flat: rule("flat", &self),
            enterLong: rule("enter_long", &self), exitLong: rule("exit_long", &self),
            enterShort: rule("enter_short", &self), exitShort: rule("exit_short", &self))
        if held.isEmpty && reader.value("long") == nil && reader.value("short") == nil {
            decoder.diagnostics.error(
                at: node.location, code: "missing-key",
                "'rules' needs at least one of 'long' and 'short' (or 'enter_long' and 'enter_short'); otherwise the "
                    + "strategy never trades")
        }
        for (exit, entry) in [("exit_long", "enter_long"), ("exit_short", "enter_short")]
        where reader.keyNode(exit) != nil && reader.keyNode(entry) == nil {
            decoder.diagnostics.error(
                at: reader.keyNode(exit)?.location ?? node.location, code: "exit-without-entry",
                "'\(exit)' closes a position that nothing opens: 'rules' has no '\(entry)'")
        }
        if !held.isEmpty && reader.keyNode("enter_long") == nil && reader.keyNode("enter_short") == nil {
            decoder.diagnostics.error(at: node.location, code: "missing-key",
                                      "'rules' needs 'enter_long' or 'enter_short'; otherwise the strategy never trades")
        }
        return rules
    }

    /// A held position must be able to close: by its exit rule, the opposite entry, or a protective exit.
    private mutating func checkPositionsClose(_ rules: StrategyRules, exits: StrategyExits, at location: SourceLocation?) {
        guard rules.holds, let location else { return }
        let protected = !exits.isEmpty
        if rules.enterLong != nil, rules.exitLong == nil, rules.enterShort == nil, !protected {
            decoder.diagnostics.error(
                at: location, code: "position-never-closes",
                "a long position would be held forever: add 'exit_long', 'enter_short' or a protective exit ('exits')")
        }
        if rules.enterShort != nil, rules.exitShort == nil, rules.enterLong == nil, !protected {
            decoder.diagnostics.error(
                at: location, code: "position-never-closes",
                "a short position would be held forever: add 'exit_short', 'enter_long' or a protective exit ('exits')")
        }
    }

    private mutating func decodeSizing(_ node: YAMLNode?, spec: KeySpec, checker: TypeChecker) -> SizingConfig? {
        guard let node, case .object(let specs) = spec.shape,
            let reader = MappingReader(node, specs: specs, context: "'sizing'", diagnostics: &decoder.diagnostics),
            let model = reader.value("model").flatMap({
                decoder.choice($0, field: "sizing.model", among: catalog.sizingModels.keys.sorted(), kind: "sizing model")
            }),
            let descriptor = catalog.sizingModels[model.value]
        else { return nil }
        for key in ["quantity", "notional", "risk_per_position", "stop"] {
            let needed = descriptor.requiredKeys.contains(key)
            if needed && reader.value(key) == nil {
                decoder.diagnostics.error(at: node.location, code: "missing-key",
                                          "sizing model '\(model.value)' needs 'sizing.\(key)'")
            } else if !needed, let present = reader.keyNode(key) {
                decoder.diagnostics.error(at: present.location, code: "unused-key",
                                          "'sizing.\(key)' does not apply to sizing model '\(model.value)'; remove it")
            }
        }
        let quantity = reader.value("quantity").flatMap { decoder.integer($0, field: "sizing.quantity", range: ConfigDefaults.quantity) }
        let notional = reader.value("notional").flatMap { decoder.money($0, field: "sizing.notional", allowsZero: false) }
        let risk = reader.value("risk_per_position").flatMap {
            decoder.ratio($0, field: "sizing.risk_per_position", maximumPercent: 100, allowsZero: false)
        }
        let stop = reader.value("stop").flatMap {
            expression($0, name: "sizing.stop", expecting: .number, role: "the sizing stop", checker: checker)
        }
        var sizing = SizingConfig(model: model, quantity: quantity?.value, notional: notional?.value,
                                  notionalLocation: notional?.location,
                                  riskPerPosition: risk?.value, stop: stop)
        decodeRebalance(reader, model: descriptor, into: &sizing)
        return sizing
    }
}
