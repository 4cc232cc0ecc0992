import Foundation

/// Runs blocking socket work on a thread of its own and awaits it, so a `poll` that waits seconds for a
/// silent client never holds one of the few threads that run Swift's tasks.
enum BlockingThread {
    static func run<Value: Sendable>(named name: String, _ body: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}
