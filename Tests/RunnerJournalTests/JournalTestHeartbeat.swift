import RunnerCore

/// A heartbeat as the tests journal it: a cheap entry of a known time.
func journalTestHeartbeat(_ component: Heartbeat.Component = .signalEngine, at: Int64) -> Heartbeat {
    Heartbeat(component: component, processID: 42, host: "test-host", sequence: 1, at: at, wall: at + 7, latestEvent: at - 3)
}
