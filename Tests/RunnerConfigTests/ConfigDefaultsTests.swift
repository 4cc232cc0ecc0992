import Foundation
import RunnerConfig
import RunnerCore
import RunnerPipeline
import Testing

/// The default each schema key documents (and so docs/CONFIG.md and schema/) is the value the loader
/// uses when the key is left out.
@Suite struct ConfigDefaultsTests {
    static let catalog = PluginRegistries.standard.catalog

    /// Required keys only.
    static let minimal: [String: String] = [
        "environments/paper.yaml": """
            mode: paper
            limits: limits/paper.yaml
            strategies: [trend]
            account: {id: PAPER-1, starting_equity: 1000000 USD}
            broker: {adapter: paper}
            market_data: {source: csv, path: data/sample}
            """,
        "limits/paper.yaml": """
            environment: paper
            account: PAPER-1
            position_risk: 1%
            gross_exposure: 100%
            sector_net_exposure: {default: 30%}
            sectors: {AAPL: technology, XOM: energy}
            daily_loss_halt: 3%
            correlation_budget: 6%
            correlation_lookback: 390
            order: {max_notional: 250000 USD, max_per_minute: 120}
            """,
        "strategies/trend.yaml": String(decoding: FixtureConfig.baseFiles()["strategies/trend.yaml"] ?? [], as: UTF8.self),
    ]

    /// What the loader made of each optional key left out, in the schema's spelling, by key path.
    static func loadedDefaults() throws -> [String: String] {
        let configuration = FixtureConfig.load(minimal.mapValues { Array($0.utf8) })
        #expect(configuration.diagnostics.map(\.description) == [])
        let environment = try #require(configuration.environments["paper"])
        let limits = try #require(configuration.limits["limits/paper.yaml"])
        let paper = try #require(environment.broker.paper)
        let routing = environment.routing
        return [
            "bus": environment.bus.description,
            "journal": environment.journalPath.replacingOccurrences(of: "paper", with: "<environment>"),
            "routing.slice_above": routing.sliceAbove.description,
            "routing.algorithm": routing.algorithm.value,
            "routing.horizon": routing.horizon.configText,
            "routing.child_interval": routing.childInterval.configText,
            "routing.participation": routing.participation.description,
            "routing.vwap_sessions": "\(routing.vwapSessions)",
            "routing.default_venue": routing.defaultVenue,
            "routing.venues": routing.venues.isEmpty ? "[]" : "\(routing.venues.count) rules",
            "heartbeat": environment.heartbeat.configText,
            "watchdog.signal_silence": environment.watchdogSignalSilence.configText,
            "reconciliation.interval": environment.reconciliation.interval.configText,
            "reconciliation.alert_above": environment.reconciliation.alertAbove.description,
            "reconciliation.flatten_above": environment.reconciliation.flattenAbove.description,
            "reconciliation.unknown_orders": environment.reconciliation.unknownOrders.rawValue,
            "clock.servers": "[" + environment.clock.servers.map(\.description).joined(separator: ", ") + "]",
            "clock.max_offset": environment.clock.maxOffset.configText,
            "clock.check_interval": environment.clock.checkInterval.configText,
            "dashboard.listen": environment.dashboard.description,
            "session.time_zone": environment.session.timeZone.identifier,
            "session.open": TradingSession.clockText(environment.session.openMinute),
            "session.close": TradingSession.clockText(environment.session.closeMinute),
            "market_data.speed": environment.marketData.speed.description,
            "market_data.on_bad_row": environment.marketData.onBadRow.rawValue,
            "market_data.columns": environment.marketData.layout.columns.isEmpty ? "none" : "mapped",
            "market_data.symbol_source": environment.marketData.layout.symbolSource.rawValue,
            "market_data.timestamp_format": environment.marketData.layout.timestampFormat.description,
            "market_data.time_zone": environment.marketData.layout.timeZone?.identifier ?? "UTC",
            "market_data.bars": environment.marketData.layout.bars.rawValue,
            "market_data.order": environment.marketData.layout.order.rawValue,
            "market_data.max_line_length": "\(environment.marketData.layout.maximumLineLength)",
            "broker.latency": paper.latency.configText,
            "broker.slippage": paper.slippage.basisPointsText,
            "broker.max_participation": paper.maxParticipation.description,
            "broker.fees": paper.fees.basisPointsText,
            "order.price_band": limits.order.priceBand.description,
            "restricted": limits.restricted.isEmpty ? "[]" : "\(limits.restricted.count) symbols",
            "default_stop": limits.defaultStop.description,
            "alerts.webhook_url_env": environment.alerts.webhookURLVariable?.value ?? "none",
            "alerts.command": environment.alerts.command.isEmpty ? "none" : "a command",
            "alerts.min_severity": environment.alerts.minimumSeverity.rawValue,
            "alerts.timeout": environment.alerts.timeout.configText,
            "alerts.attempts": "\(environment.alerts.attempts)",
        ]
    }

    /// Optional keys whose documented default is a sentence, not a value: sections (whose keys are
    /// checked one by one), a key required in paper mode, conditions of a venue rule, and settings
    /// that only some plugins take (required by them, or of adapters other than paper).
    static let describedNotValued: Set<String> = [
        "account.starting_equity", "routing", "watchdog", "reconciliation", "clock", "dashboard", "session", "alerts",
        "routing.venues.symbols", "routing.venues.asset_class", "routing.venues.min_notional",
        "market_data.path", "broker.base_url", "broker.key_id_env", "broker.secret_key_env", "broker.host", "broker.port",
        "broker.sender_comp_id", "broker.target_comp_id", "broker.password_env",
        // The live adapters' and live sources' settings, read by their factories (tested with each adapter).
        "broker.stream_url", "broker.timeout", "broker.username_env", "broker.account", "broker.heartbeat",
        "broker.reset_on_logon", "broker.store", "broker.command", "broker.pass_variables", "broker.on_failure",
        "broker.max_restarts", "market_data.command", "market_data.on_failure", "market_data.url",
        "market_data.key_id_env", "market_data.secret_key_env", "market_data.interval", "market_data.grace",
        "market_data.silence_alert", "market_data.silence_halt", "market_data.clock",
    ]

    /// Every optional key of a file kind with its documented default, by key path.
    static func documentedDefaults(_ specs: [KeySpec], prefix: String = "") -> [String: String] {
        var defaults: [String: String] = [:]
        for spec in specs {
            let path = prefix + spec.name
            if case .optional(let text) = spec.requirement { defaults[path] = text }
            switch spec.shape {
            case .object(let children), .list(.object(let children)):
                defaults.merge(documentedDefaults(children, prefix: path + "."), uniquingKeysWith: { $1 })
            default: break
            }
        }
        return defaults
    }

    @Test func everyDocumentedDefaultIsTheValueTheLoaderUses() throws {
        let loaded = try Self.loadedDefaults()
        var documented = Self.documentedDefaults(ConfigSchema.environment(catalog: Self.catalog))
        documented.merge(Self.documentedDefaults(ConfigSchema.limits), uniquingKeysWith: { $1 })
        // The paper adapter's own settings (the merged `broker:` spec marks other adapters' keys optional).
        for spec in Self.catalog.brokerAdapters["paper"]?.settings ?? [] {
            if case .optional(let text) = spec.requirement { documented["broker." + spec.name] = text }
        }
        for (path, text) in documented.sorted(by: { $0.key < $1.key }) where !Self.describedNotValued.contains(path) {
            let value = try #require(loaded[path], "the test does not read '\(path)' from a loaded config; add it")
            #expect(value == text, "'\(path)' is documented as '\(text)' but loads as '\(value)'")
        }
    }

    @Test func theDefaultSessionIsNewYorksRegularHours() throws {
        let configuration = FixtureConfig.load(Self.minimal.mapValues { Array($0.utf8) })
        let environment = try #require(configuration.environments["paper"])
        #expect(environment.session == ConfigDefaults.session)
        #expect(environment.session.description == "09:30-16:00 America/New_York")
    }

    @Test func aSessionWithSomeKeysTakesTheDefaultsForTheOthers() throws {
        var files = Self.minimal
        files["environments/paper.yaml"]! += "\nsession: {time_zone: Asia/Tokyo, close: \"15:30\"}\n"
        let configuration = FixtureConfig.load(files.mapValues { Array($0.utf8) })
        #expect(configuration.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        let session = try #require(configuration.environments["paper"]?.session)
        #expect(session.description == "09:30-15:30 Asia/Tokyo")
        // The hours run (VWAP profile, slicing cut at the close): nothing to warn about.
        #expect(configuration.diagnostics.filter { $0.severity == .warning }.isEmpty)
    }

    @Test func aWrongValueIsAnErrorNotTheDefault() {
        var files = Self.minimal
        files["environments/paper.yaml"]! += "\nheartbeat: 5 seconds\nsession: {time_zone: EST5EDT_typo, open: 9am}\n"
        files["environments/paper.yaml"]! = files["environments/paper.yaml"]!
            .replacingOccurrences(of: "path: data/sample}", with: "path: data/sample, speed: fast, on_bad_row: ignore}")
        let configuration = FixtureConfig.load(files.mapValues { Array($0.utf8) })
        let messages = configuration.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains { $0.contains("'heartbeat'") })
        #expect(messages.contains { $0.contains("'market_data.speed'") })
        #expect(messages.contains { $0.contains("'ignore'") })
        #expect(messages.contains { $0.contains("'session.time_zone'") })
        #expect(messages.contains { $0.contains("'session.open'") })
    }
}
