import RunnerCore

/// Where the signal engine writes every target it emits, so realized PnL can later be compared with
/// what the signals expected. The SQLite journal implements it in a later stage.
public protocol SignalLog: AnyObject {
    func record(_ targets: [TargetPosition])
}

/// Keeps the targets in memory: the embedded default before the journal exists, and the test double.
public final class MemorySignalLog: SignalLog {
    public private(set) var targets: [TargetPosition] = []

    public init() {}

    public func record(_ targets: [TargetPosition]) {
        self.targets.append(contentsOf: targets)
    }
}
