import RunnerCore

/// A broker that trades against market data it is shown (the paper broker): a replay shows it each bar
/// before the engine sees the bar, and it returns the executions that bar made.
public protocol SimulatedVenue: AnyObject {
    func match(_ bar: Bar) -> [Fill]
}
