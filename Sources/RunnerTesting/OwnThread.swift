import Foundation

/// Runs blocking work (waiting for a child process, reading its pipes, sleeping between polls) on a
/// thread of its own, so it never holds one of Swift's few cooperative threads: on a 2-core machine two
/// blocked tests would otherwise starve every async test running beside them.
public enum OwnThread {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
            thread.start()
        }
    }
}
