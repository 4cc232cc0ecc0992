import RunnerCore
import RunnerDiagnostics
import RunnerYAML

/// `session:`: the exchange's time zone and regular hours. A key left out takes its value from
/// ``ConfigDefaults/session``; a key present but wrong is an error.
extension EnvironmentLoader {
    /// Nil only when the section is present and one of its values is invalid.
    mutating func decodeSession(_ node: YAMLNode?, spec: KeySpec) -> TradingSession? {
        let reader = section(node, spec: spec)
        if node != nil && reader == nil { return nil }
        let before = decoder.diagnostics.diagnostics.count
        let timeZone = reader?.value("time_zone").flatMap { decoder.timeZone($0, field: "session.time_zone") }
        let open = reader?.value("open").flatMap { decoder.timeOfDay($0, field: "session.open") }
        let close = reader?.value("close").flatMap { decoder.timeOfDay($0, field: "session.close") }
        guard decoder.diagnostics.diagnostics.count == before else { return nil }
        let defaults = ConfigDefaults.session
        let openMinute = open?.value ?? defaults.openMinute
        let closeMinute = close?.value ?? defaults.closeMinute
        let zone = timeZone?.value ?? defaults.timeZone
        guard let session = TradingSession(timeZone: zone, openMinute: openMinute, closeMinute: closeMinute) else {
            let location = close?.location ?? open?.location ?? node?.location
            decoder.diagnostics.error(
                at: location ?? SourceLocation(file: "", line: 1, column: 1), code: "inconsistent-session",
                "'session.close' (\(TradingSession.clockText(closeMinute))) must be after 'session.open' "
                    + "(\(TradingSession.clockText(openMinute))): a session opens and closes on the same local date, "
                    + "and overnight sessions are not supported in this version")
            return nil
        }
        return session
    }
}
