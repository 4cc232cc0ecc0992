import Foundation
import RunnerConfig
import RunnerCore
import RunnerPipeline
import Testing

/// `alerts:` in an environment file, and what the live guard makes of its webhook variable.
@Suite struct AlertsConfigTests {
    static func environment(_ alerts: String) -> (Configuration, EnvironmentConfig?) {
        var files = FixtureConfig.baseFiles()
        let base = String(decoding: files["environments/paper.yaml"]!, as: UTF8.self)
        files["environments/paper.yaml"] = Array((base + alerts + "\n").utf8)
        let configuration = FixtureConfig.load(files)
        return (configuration, configuration.environments["paper"])
    }

    @Test func everyKeyIsReadWithItsValue() throws {
        let (configuration, environment) = Self.environment(
            """
            alerts:
              webhook_url_env: RUNNER_ALERT_WEBHOOK
              command: [scripts/page.sh, --team, trading]
              min_severity: critical
              timeout: 30s
              attempts: 7
            """)
        #expect(configuration.diagnostics.map(\.description) == [])
        let alerts = try #require(environment?.alerts)
        #expect(alerts.webhookURLVariable?.value == "RUNNER_ALERT_WEBHOOK")
        #expect(alerts.webhookURLVariable?.location.line == 17)
        #expect(alerts.command.map(\.value) == ["scripts/page.sh", "--team", "trading"])
        #expect(alerts.minimumSeverity == .critical)
        #expect(alerts.timeout == .seconds(30))
        #expect(alerts.attempts == 7)
        #expect(alerts.hasSinks)
    }

    @Test func leftOutTheAlertsHaveNoSinkAndTheDefaults() throws {
        let (_, environment) = Self.environment("")
        let alerts = try #require(environment?.alerts)
        #expect(!alerts.hasSinks)
        #expect(alerts.minimumSeverity == ConfigDefaults.alerts.minimumSeverity)
        #expect(alerts.timeout == ConfigDefaults.alerts.timeout)
        #expect(alerts.attempts == ConfigDefaults.alerts.attempts)
    }

    @Test func aCommandAloneTakesTheDefaultsForTheRest() throws {
        let (_, environment) = Self.environment("alerts: {command: [pager]}")
        let alerts = try #require(environment?.alerts)
        #expect(alerts.webhookURLVariable == nil)
        #expect(alerts.command.map(\.value) == ["pager"])
        #expect(alerts.minimumSeverity == .warning)
    }

    @Test(arguments: [
        ("alerts: {command: pager}", "'alerts.command' must be a list"),
        ("alerts: {command: [pager, '']}", "an item of 'alerts.command' is empty"),
        ("alerts: {webhook_url_env: hook}", "'alerts.webhook_url_env' must name an environment variable"),
        ("alerts: {command: [pager], timeout: 0s}", "'alerts.timeout'"),
        ("alerts: {command: [pager], timeout: 500ms}", "it must be from 1s to 5m"),
        ("alerts: {command: [pager], attempts: 21}", "'alerts.attempts'"),
        ("alerts: {command: [pager], min_severity: error}", "'error' is not a registered severity"),
        ("alerts: {command: [pager], webhook: X}", "unknown key 'webhook'"),
        ("alerts: {}", "'alerts' names no sink"),
    ])
    func aWrongValueIsAnErrorAtItsPlace(_ yaml: String, _ expected: String) {
        let (configuration, _) = Self.environment(yaml)
        #expect(!configuration.isValid)
        let errors = configuration.diagnostics.filter { $0.severity == .error }
        #expect(errors.count >= 1)
        #expect(
            errors.contains { $0.description.contains(expected) && $0.location.line == 16 },
            "\(errors.map(\.description))")
    }

    @Test func aLiveEnvironmentWhoseWebhookVariableIsUnsetIsRefusedByTheGuard() {
        var files = FixtureConfig.baseFiles()
        files["environments/live.yaml"] = Array(
            """
            mode: live
            limits: limits/live.yaml
            strategies: [trend]
            account: {id: LIVE-7}
            broker: {adapter: alpaca, base_url: https://broker.invalid, key_id_env: BROKER_KEY, secret_key_env: BROKER_SECRET}
            market_data: {source: csv, path: data/live}
            alerts: {webhook_url_env: LIVE_ALERT_HOOK}

            """.utf8)
        files["limits/live.yaml"] = Array(
            String(decoding: files["limits/paper.yaml"]!, as: UTF8.self)
                .replacingOccurrences(of: "environment: paper", with: "environment: live")
                .replacingOccurrences(of: "account: PAPER-1", with: "account: LIVE-7").utf8)
        let configuration = FixtureConfig.load(files)
        let guardian = LiveGuard(configuration: configuration, catalog: PluginRegistries.standard.catalog)
        let credentials = ["RUNNER_ENV": "live", "BROKER_KEY": "key", "BROKER_SECRET": "secret"]
        guard case .refused(let refusal) = guardian.evaluate(processEnvironment: credentials) else {
            Issue.record("a live environment without its alert webhook must not start")
            return
        }
        #expect(
            refusal.mismatches == [
                "alert webhook variable LIVE_ALERT_HOOK (named in environments/live.yaml) is not set"
            ])
        var withHook = credentials
        withHook["LIVE_ALERT_HOOK"] = "https://hooks.example.invalid/T000"
        guard case .allowed = guardian.evaluate(processEnvironment: withHook) else {
            Issue.record("with its webhook variable set, the live environment starts")
            return
        }
    }
}
