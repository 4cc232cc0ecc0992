import Foundation
import RunnerApp
import RunnerCore
import RunnerEngine
import Synchronization

/// Progress on standard error: on a terminal one status line rewritten in place, with notes printed
/// above it; elsewhere (a log, a pipe) every status and note on its own line.
final class ProgressLine: Sendable {
    private let onTerminal: Bool
    private let statusShown = Locked(false)

    init(onTerminal: Bool) { self.onTerminal = onTerminal }

    func show(_ progress: RunProgress) {
        let text: String
        switch (progress, onTerminal) {
        case (.status(let line), true):
            statusShown.withLock { $0 = true }
            text = "\r\u{1B}[K" + line
        case (.note(let line), true):
            text = (statusShown.withLock { $0 } ? "\r\u{1B}[K" : "") + line + "\n"
        case (.status(let line), false), (.note(let line), false):
            text = line + "\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Ends the status line so the summary starts on its own.
    func end() {
        if onTerminal, statusShown.withLock({ $0 }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
