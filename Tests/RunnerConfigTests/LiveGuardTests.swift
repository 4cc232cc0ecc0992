import RunnerConfig
import RunnerCore
import RunnerPipeline
import Testing

/// Every combination of the things that must agree before a live environment starts.
@Suite struct LiveGuardTests {
    struct Combination: CustomStringConvertible, Sendable {
        var runnerEnv: String?
        var envFlag: String?
        var limitsApprovedFor: String
        var limitsAccount: String
        var adapter: String
        var credentialsSet: Bool

        /// The environment the guard looks at: `--env`, else `RUNNER_ENV`, else `paper`.
        var selected: String { envFlag ?? runnerEnv ?? "paper" }

        /// True when the live files have no configuration errors (the guard refuses any errors).
        var liveFilesValid: Bool { limitsApprovedFor == "live" && limitsAccount == "LIVE-7" && adapter == "alpaca" }

        /// Live starts only when everything agrees; paper starts whenever the files are valid; any
        /// other name (`LIVE`, `live2`) is no environment at all.
        var shouldStart: Bool {
            switch selected {
            case "live": runnerEnv == "live" && liveFilesValid && credentialsSet
            case "paper": liveFilesValid
            default: false
            }
        }

        var description: String {
            "RUNNER_ENV=\(runnerEnv ?? "unset") --env=\(envFlag ?? "none") limits.environment=\(limitsApprovedFor) "
                + "limits.account=\(limitsAccount) adapter=\(adapter) credentials=\(credentialsSet)"
        }
    }

    static let combinations: [Combination] = {
        var all: [Combination] = []
        for runnerEnv in [nil, "paper", "live", "LIVE", "live2"] as [String?] {
            for envFlag in [nil, "live"] as [String?] {
                for approved in ["live", "paper"] {
                    for account in ["LIVE-7", "LIVE-8"] {
                        for adapter in ["alpaca", "paper"] {
                            for credentials in [true, false] {
                                all.append(Combination(
                                    runnerEnv: runnerEnv, envFlag: envFlag, limitsApprovedFor: approved,
                                    limitsAccount: account, adapter: adapter, credentialsSet: credentials))
                            }
                        }
                    }
                }
            }
        }
        return all
    }()

    static func configuration(for combination: Combination) -> Configuration {
        var files = FixtureConfig.baseFiles()
        let broker = combination.adapter == "alpaca"
            ? "{adapter: alpaca, base_url: https://broker.invalid, key_id_env: BROKER_KEY, secret_key_env: BROKER_SECRET}"
            : "{adapter: paper}"
        files["environments/live.yaml"] = Array("""
            mode: live
            limits: limits/live.yaml
            strategies: [trend]
            account: {id: LIVE-7}
            broker: \(broker)
            market_data: {source: csv, path: data/live}

            """.utf8)
        files["limits/live.yaml"] = Array(String(decoding: files["limits/paper.yaml"]!, as: UTF8.self)
            .replacingOccurrences(of: "environment: paper", with: "environment: \(combination.limitsApprovedFor)")
            .replacingOccurrences(of: "account: PAPER-1", with: "account: \(combination.limitsAccount)").utf8)
        return FixtureConfig.load(files)
    }

    @Test func theTableCoversEveryCombination() {
        #expect(Self.combinations.count == 160)
        #expect(Self.combinations.filter { $0.shouldStart && $0.selected == "live" }.count == 2)
    }

    @Test(arguments: combinations)
    func liveStartsOnlyWhenEverythingAgrees(_ combination: Combination) {
        var processEnvironment: [String: String] = [:]
        if let runnerEnv = combination.runnerEnv { processEnvironment["RUNNER_ENV"] = runnerEnv }
        if combination.credentialsSet {
            processEnvironment["BROKER_KEY"] = "key"
            processEnvironment["BROKER_SECRET"] = "secret"
        }
        let guardian = LiveGuard(configuration: Self.configuration(for: combination),
                                 catalog: PluginRegistries.standard.catalog)
        let decision = guardian.evaluate(processEnvironment: processEnvironment,
                                         requestedEnvironment: combination.envFlag)
        let selectsLive = combination.selected == "live"
        switch decision {
        case .allowed(let environment):
            #expect(combination.shouldStart, "started \(environment.name) but should have refused")
            #expect(environment.name == combination.selected)
        case .refused(let refusal):
            #expect(!combination.shouldStart, "refused: \(refusal)")
            if selectsLive {
                #expect(refusal.mode == .live)
                expectEveryMismatchListed(refusal, combination)
            }
        }
    }

    func expectEveryMismatchListed(_ refusal: LiveGuardRefusal, _ combination: Combination) {
        let text = refusal.description
        #expect(text.contains("RUNNER_ENV") == (combination.runnerEnv != "live"), "\(text)")
        #expect(text.contains("is approved for environment 'paper'") == (combination.limitsApprovedFor != "live"), "\(text)")
        #expect(text.contains("governs account 'LIVE-8'") == (combination.limitsAccount != "LIVE-7"), "\(text)")
        #expect(text.contains("does not trade real money") == (combination.adapter != "alpaca"), "\(text)")
        let credentialsMissing = combination.adapter == "alpaca" && !combination.credentialsSet
        #expect(text.contains("BROKER_KEY") == credentialsMissing, "\(text)")
    }

    @Test func paperIsTheDefaultAndStartsWithoutRunnerEnv() throws {
        let configuration = FixtureConfig.load(FixtureConfig.baseFiles())
        let decision = LiveGuard(configuration: configuration, catalog: PluginRegistries.standard.catalog)
            .evaluate(processEnvironment: [:])
        guard case .allowed(let environment) = decision else {
            Issue.record("paper should start: \(decision)")
            return
        }
        #expect(environment.name == "paper")
        #expect(environment.mode.value == .paper)
    }

    @Test func anUnknownEnvironmentIsRefusedByName() {
        let configuration = FixtureConfig.load(FixtureConfig.baseFiles())
        let decision = LiveGuard(configuration: configuration, catalog: PluginRegistries.standard.catalog)
            .evaluate(processEnvironment: ["RUNNER_ENV": "staging"])
        guard case .refused(let refusal) = decision else {
            Issue.record("staging does not exist and must be refused")
            return
        }
        #expect(refusal.mismatches == ["there is no environment 'staging' (environments/staging.yaml)"])
    }
}
