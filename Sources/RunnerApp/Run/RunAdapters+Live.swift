import Foundation
import RunnerBroker
import RunnerBrokerAlpaca
import RunnerBrokerProcess
import RunnerFIX
import RunnerConfig
import RunnerCore
import RunnerFeed

/// The settings of a live adapter, read from its located text in the environment file: each was checked
/// against its shape by the loader, so what fails here is a value only the adapter can judge (a URL's
/// scheme, a credential variable that is not set), and the error names the file and the key.
struct AdapterSettingsReader {
    let context: RunContext
    let section: String
    let settings: [String: Located<String>]

    var file: String { context.environment.file }

    func text(_ key: String) -> String? { settings[key]?.value }

    func required(_ key: String) throws -> String {
        guard let value = settings[key]?.value else { throw RunError("\(file): \(section).\(key) is required") }
        return value
    }

    /// A duration setting, which must be longer than zero (a zero timeout would fail every call).
    func duration(_ key: String, default fallback: Duration) throws -> Duration {
        guard let setting = settings[key] else { return fallback }
        let value = try UnitParser.duration(setting.value).get()
        guard value > .zero else {
            throw RunError("\(file):\(setting.location.line): \(section).\(key) must be longer than 0, got \(setting.value)")
        }
        return value
    }

    func url(_ key: String) throws -> URL? {
        guard let setting = settings[key] else { return nil }
        guard let url = URL(string: setting.value), url.scheme != nil, url.host != nil else {
            throw RunError("\(file):\(setting.location.line): \(section).\(key) is not a URL: \(setting.value)")
        }
        return url
    }

    /// The value of the environment variable a `*_env` key names; an unset or empty one is an error.
    func secret(_ key: String) throws -> String? {
        guard let variable = settings[key] else { return nil }
        guard let value = context.processEnvironment[variable.value], !value.isEmpty else {
            throw RunError("\(file):\(variable.location.line): \(section).\(key) names \(variable.value), which is not set")
        }
        return value
    }

    /// `command:` split into the program and its arguments.
    func command(_ key: String = "command") throws -> [String] {
        try CommandWords.split(required(key)).mapError { RunError("\(file): \(section).\(key) \($0)") }.get()
    }

    func wrap<T>(_ make: () throws -> T) throws -> T {
        do { return try make() } catch let error as RunError { throw error } catch {
            throw RunError("\(file): \(section): \(error)")
        }
    }
}

extension RunAdapters {
    /// Alpaca: the trading API v2 and its trade-updates stream; its market data stream as a live feed.
    mutating func registerAlpaca() throws {
        try registerBroker("alpaca") { context in
            let reader = AdapterSettingsReader(context: context, section: "broker", settings: context.environment.broker.settings)
            let settings = try reader.wrap {
                try AlpacaSettings(
                    baseURL: try reader.url("base_url")!, tradingStreamURL: try reader.url("stream_url"),
                    keyID: try reader.secret("key_id_env") ?? "", secretKey: try reader.secret("secret_key_env") ?? "",
                    requestTimeout: try reader.duration("timeout", default: .seconds(10)))
            }
            return RunBroker(adapter: AlpacaBrokerAdapter(settings: settings), venue: nil, paper: nil)
        }
        try registerLiveFeed("alpaca") { context in
            let reader = AdapterSettingsReader(context: context, section: "market_data",
                                               settings: context.environment.marketData.settings)
            // Alpaca's stream sends one-minute bars: any other grid would drop them all or miscount gaps.
            guard context.environment.marketData.live?.interval == .seconds(60) else {
                throw RunError("\(reader.file): market_data.interval must be 1m for the alpaca source (its bars are one minute)")
            }
            let settings = try reader.wrap {
                // The trading URL is not used by the feed; the data stream is.
                try AlpacaSettings(
                    baseURL: URL(string: "https://paper-api.alpaca.markets")!,
                    dataStreamURL: try reader.url("url") ?? AlpacaSettings.defaultDataStreamURL,
                    keyID: try reader.secret("key_id_env") ?? "", secretKey: try reader.secret("secret_key_env") ?? "")
            }
            // Said before the run starts (and before any order at the broker is touched), not when the feed opens.
            if settings.dataStreamURL.scheme?.lowercased() == "wss" {
                throw RunError("\(reader.file): \(AlpacaError.tlsNotBuiltIn(url: settings.dataStreamURL.absoluteString))")
            }
            return AlpacaBarFeed(settings: settings)
        }
    }
}

extension RunAdapters {
    /// A program in any language as broker (docs/PROCESS_ADAPTER.md), and as live feed.
    mutating func registerProcess() throws {
        try registerBroker("process") { context in
            let reader = AdapterSettingsReader(context: context, section: "broker", settings: context.environment.broker.settings)
            let restarts = Int(reader.text("max_restarts") ?? "3") ?? 3
            let settings = ProcessAdapterSettings(
                command: try reader.command(), workingDirectory: context.root,
                environmentVariables: Self.childVariables(context, named: reader.text("pass_variables")),
                replyTimeout: try reader.duration("timeout", default: .seconds(5)),
                onFailure: reader.text("on_failure") == "fail" ? .fail : .restart(RestartLimits(maximumRestarts: restarts)))
            let adapter = ProcessBrokerAdapter(settings: settings, environment: context.processEnvironment,
                                               log: context.log, problems: context.problem)
            return RunBroker(adapter: adapter, venue: nil, paper: nil)
        }
        try registerLiveFeed("process") { context in
            let reader = AdapterSettingsReader(context: context, section: "market_data",
                                               settings: context.environment.marketData.settings)
            let settings = ProcessAdapterSettings(
                command: try reader.command(), workingDirectory: context.root,
                environmentVariables: Self.childVariables(context, named: nil),
                onFailure: reader.text("on_failure") == "fail" ? .fail : .restart(RestartLimits(maximumRestarts: 3)))
            return ProcessBarFeed(settings: settings, environment: context.processEnvironment, log: context.log,
                                  problems: context.problem)
        }
    }

    /// What an adapter program gets of the runner's environment: PATH and HOME when set, and the variables
    /// `pass_variables` names (a missing one is an error when the program starts).
    static func childVariables(_ context: RunContext, named list: String?) -> [String] {
        ["PATH", "HOME"].filter { context.processEnvironment[$0] != nil }
            + (list.map(CommandWords.variableNames) ?? [])
    }
}

extension RunAdapters {
    /// A FIX 4.4 session to a broker (docs/FIX.md).
    mutating func registerFIX() throws {
        try registerBroker("fix") { context in
            let reader = AdapterSettingsReader(context: context, section: "broker", settings: context.environment.broker.settings)
            let store = reader.text("store").map { ConfigDirectory(root: context.root).displayPath($0) }
                ?? (context.paths.folder as NSString).appendingPathComponent("fix")
            guard let port = Int(try reader.required("port")) else { throw RunError("\(reader.file): broker.port is not a number") }
            let settings = FIXSettings(
                host: try reader.required("host"), port: port, senderCompID: try reader.required("sender_comp_id"),
                targetCompID: try reader.required("target_comp_id"), username: try reader.secret("username_env"),
                password: try reader.secret("password_env"), account: reader.text("account"),
                heartbeatInterval: try reader.duration("heartbeat", default: .seconds(30)),
                resetOnLogon: reader.text("reset_on_logon") == "true", storeDirectory: store,
                requestTimeout: try reader.duration("timeout", default: .seconds(5)))
            let adapter = try reader.wrap { try FIXBrokerAdapter(settings: settings, logger: context.logger) }
            return RunBroker(adapter: adapter, venue: nil, paper: nil)
        }
    }
}
