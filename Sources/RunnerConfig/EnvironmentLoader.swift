import RunnerCore
import RunnerDiagnostics
import RunnerYAML

/// Decodes and checks an environment file on its own; cross-file checks come later.
struct EnvironmentLoader {
    let catalog: PluginCatalog
    var decoder = ScalarDecoder()

    init(catalog: PluginCatalog) { self.catalog = catalog }

    /// The environment when every key decoded, and, whenever the file is a mapping, what it references
    /// in other files (for the cross-file checks, which run even when another key is broken).
    mutating func load(_ document: YAMLNode, file: String, name: String)
        -> (environment: EnvironmentConfig?, references: EnvironmentReferences?)
    {
        let specs = ConfigSchema.environment(catalog: catalog)
        guard let reader = MappingReader(document, specs: specs, context: "environment file",
                                         diagnostics: &decoder.diagnostics)
        else { return (nil, nil) }
        let mode = reader.value("mode").flatMap { decoder.choice($0, field: "mode", among: ["paper", "live"], kind: "mode") }
            .map { Located(TradingMode(rawValue: $0.value) ?? .paper, at: $0.location) }
        let limits = reader.value("limits").flatMap { decoder.limitsPath($0, field: "limits") }
        let uses = reader.value("strategies").flatMap { decoder.list($0, field: "strategies") }?
            .compactMap { decodeStrategyUse($0, spec: reader.spec("strategies")) } ?? []
        let strategies = uses.map(\.name)
        let account = reader.value("account").flatMap { decodeAccount($0, spec: reader.spec("account"), mode: mode?.value) }
        let broker = reader.value("broker").flatMap { decodeBroker($0) }
        let marketData = reader.value("market_data").flatMap { decodeMarketData($0) }
        let bus = reader.value("bus").flatMap { decodeBus($0) } ?? ConfigDefaults.bus
        let journal = reader.value("journal").flatMap { decoder.journalPath($0, field: "journal") }
        if let journal, let marketData, let data = marketData.settings["path"] {
            checkJournal(journal, outside: data)
        }
        let routing = decodeRouting(reader.value("routing"), spec: reader.spec("routing"))
        let heartbeat = reader.value("heartbeat").flatMap { decoder.positiveDuration($0, field: "heartbeat") }?.value
        let watchdog = decodeWatchdog(reader.value("watchdog"), spec: reader.spec("watchdog"))
        let reconciliation = decodeReconciliation(reader.value("reconciliation"), spec: reader.spec("reconciliation"),
                                                  adapter: broker?.adapter.value)
        let clock = decodeClock(reader.value("clock"), spec: reader.spec("clock"))
        let dashboard = decodeDashboard(reader.value("dashboard"), spec: reader.spec("dashboard"))
        let session = decodeSession(reader.value("session"), spec: reader.spec("session"))
        let alerts = decodeAlerts(reader.value("alerts"), spec: reader.spec("alerts"))
        if strategies.isEmpty, let node = reader.value("strategies") {
            decoder.diagnostics.error(at: node.location, code: "empty-list", "'strategies' must name at least one strategy")
        }
        if let mode, let broker, let realMoney = catalog.brokerAdapters[broker.adapter.value]?.tradesRealMoney,
            realMoney != (mode.value == .live)
        {
            // Real money only ever flows through a live environment, which the live guard protects.
            let message = realMoney
                ? "a paper environment cannot use the '\(broker.adapter.value)' adapter, which trades real money; "
                    + "use 'mode: live' so the live guard applies"
                : "a live environment cannot use the '\(broker.adapter.value)' adapter, which does not trade real money"
            decoder.diagnostics.error(at: broker.adapter.location, code: "adapter-mode-mismatch", message)
        }
        var references = EnvironmentReferences(name: name, file: file, limitsFile: limits, strategies: strategies,
                                               account: account)
        references.uses = uses
        guard let mode, let limits, let account, let broker, let marketData, let routing, !strategies.isEmpty,
            reader.value("journal") == nil || journal != nil, let watchdog, let reconciliation, let clock, let dashboard, let session,
            let alerts
        else { return (nil, references) }
        var environment = EnvironmentConfig(
            name: name, file: file, mode: mode, limitsFile: limits, strategies: strategies, account: account,
            broker: broker, marketData: marketData, bus: bus,
            journalPath: journal?.value ?? ConfigDefaults.journalPath(environment: name),
            routing: routing, heartbeat: heartbeat ?? ConfigDefaults.heartbeat, watchdogSignalSilence: watchdog,
            reconciliation: reconciliation, clock: clock, dashboard: dashboard, session: session,
            keyLocations: Dictionary(uniqueKeysWithValues: specs.compactMap { spec in
                reader.keyNode(spec.name).map { (spec.name, $0.location) }
            }))
        environment.alerts = alerts
        environment.strategyUses = uses
        return (environment, references)
    }

    /// A journal never goes into the market data: `--fresh` would otherwise remove data, and the run's
    /// other files (the paper book, the trading state) would sit among the bars.
    private mutating func checkJournal(_ journal: Located<String>, outside data: Located<String>) {
        func parts(_ path: String) -> [Substring] {
            var path = path
            while path.hasPrefix("./") { path.removeFirst(2) }
            return path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        }
        let journalParts = parts(journal.value)
        let dataParts = parts(data.value)
        guard journal.value.hasPrefix("/") == data.value.hasPrefix("/"), !dataParts.isEmpty,
            journalParts.starts(with: dataParts)
        else { return }
        decoder.diagnostics.error(
            at: journal.location, code: "invalid-path",
            "'journal' (\(journal.value)) is inside the market data at '\(data.value)'; keep the journal, which "
                + "'runner run --fresh' replaces, away from data, like 'var/\(journalParts.last ?? "")'")
    }

    private mutating func decodeAccount(_ node: YAMLNode, spec: KeySpec, mode: TradingMode?) -> AccountConfig? {
        guard case .object(let specs) = spec.shape,
            let reader = MappingReader(node, specs: specs, context: "'account'", diagnostics: &decoder.diagnostics)
        else { return nil }
        let id = reader.value("id").flatMap { decoder.string($0, field: "account.id") }
        let equity = reader.value("starting_equity").flatMap { decoder.money($0, field: "account.starting_equity", allowsZero: false) }
        if mode == .paper, reader.value("starting_equity") == nil {
            decoder.diagnostics.error(at: node.location, code: "missing-key",
                                      "a paper environment's 'account' needs 'starting_equity', such as 1000000 USD")
        }
        return id.map { AccountConfig(id: $0, startingEquity: equity) }
    }

    private mutating func decodeBroker(_ node: YAMLNode) -> BrokerConfig? {
        let adapters = catalog.brokerAdapters.mapValues(\.settings)
        guard let (adapter, settings) = decodePluginSection(
            node, section: "broker", selector: "adapter", kind: "broker adapter", plugins: adapters,
            example: "{adapter: paper, latency: 50ms}")
        else { return nil }
        let credentials = settings.filter { $0.key.hasSuffix("_env") }.sorted { $0.key < $1.key }.map(\.value)
        checkCommand(settings["command"], field: "broker.command")
        if let restarts = settings["max_restarts"], settings["on_failure"]?.value == "fail" {
            decoder.diagnostics.warning(at: restarts.location, code: "not-running",
                                        "'broker.max_restarts' changes nothing with 'on_failure: fail', which never restarts")
        }
        if let names = settings["pass_variables"] {
            for name in CommandWords.variableNames(names.value) where !Self.isVariableName(name) {
                decoder.diagnostics.error(at: names.location, code: "invalid-environment-variable",
                                          "'broker.pass_variables': '\(name)' is not an environment variable name "
                                              + "(capital letters, digits and '_', separated by commas)")
            }
        }
        var paper: PaperBrokerConfig?
        if adapter.value == "paper" {
            // Each setting present was checked by its shape already; parsing it again cannot fail.
            var typed = ConfigDefaults.paperBroker
            if case .success(let value)? = settings["latency"].map({ UnitParser.duration($0.value) }) {
                typed.latency = value
            }
            if case .success(let value)? = settings["slippage"].map({ UnitParser.basisPoints($0.value) }) {
                typed.slippage = value
            }
            if case .success(let value)? = settings["max_participation"].map({ UnitParser.ratio($0.value) }) {
                typed.maxParticipation = value
            }
            if case .success(let value)? = settings["fees"].map({ UnitParser.basisPoints($0.value) }) { typed.fees = value }
            paper = typed
        }
        return BrokerConfig(adapter: adapter, settings: settings, credentialVariables: credentials, paper: paper)
    }

    private mutating func decodeBus(_ node: YAMLNode) -> BusConfig? {
        guard let text = decoder.text(node, field: "bus", expected: "'memory' or a redis:// URL") else { return nil }
        if text == "memory" { return .memory }
        if text.hasPrefix("redis://") || text.hasPrefix("rediss://"), text.count > "redis://".count {
            return .redis(url: text)
        }
        decoder.diagnostics.error(at: node.location, code: "invalid-value",
                                  "'bus' must be 'memory' or a Redis URL such as 'redis://127.0.0.1:6379', got '\(text)'")
        return nil
    }

    /// A `command:` setting that cannot be split into a program and its arguments is an error at it.
    mutating func checkCommand(_ setting: Located<String>?, field: String) {
        guard let setting, case .failure(let error) = CommandWords.split(setting.value) else { return }
        decoder.diagnostics.error(at: setting.location, code: "invalid-value", "'\(field)' \(error)")
    }


    static func isVariableName(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard let first = scalars.first, !("0"..."9").contains(first) else { return false }
        return scalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
