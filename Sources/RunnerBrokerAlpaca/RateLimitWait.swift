import Foundation

/// How long to wait after an HTTP 429 before asking again: Alpaca's `Retry-After` when present (seconds),
/// else its `X-RateLimit-Reset` (the epoch second the window resets), else a doubling backoff.
enum RateLimitWait {
    /// The shortest wait, so a reset time already past never turns into a busy loop.
    static let minimum = Duration.milliseconds(100)
    static let backoffStart = Duration.seconds(1)
    static let backoffLimit = Duration.seconds(30)

    /// - Parameters:
    ///   - retryAfter: the `Retry-After` header, in seconds; an HTTP date or anything else is ignored.
    ///   - rateLimitReset: the `X-RateLimit-Reset` header: epoch seconds (a small number reads as seconds from now).
    ///   - nowMilliseconds: the wall clock, for an epoch reset time.
    ///   - attempt: how many 429 answers this call already waited on (0 for the first).
    static func delay(retryAfter: String?, rateLimitReset: String?, nowMilliseconds: Int64, attempt: Int) -> Duration {
        if let seconds = retryAfter.flatMap(Self.seconds) {
            return max(minimum, .milliseconds(Int64(seconds * 1000)))
        }
        if let reset = rateLimitReset.flatMap(Self.seconds) {
            // Alpaca sends an epoch second; a figure below 2001-09-09 can only be a number of seconds.
            let milliseconds = reset >= 1_000_000_000 ? Int64(reset * 1000) - nowMilliseconds : Int64(reset * 1000)
            return max(minimum, .milliseconds(milliseconds))
        }
        var wait = backoffStart
        for _ in 0..<min(max(attempt, 0), 16) where wait < backoffLimit { wait *= 2 }
        return min(wait, backoffLimit)
    }

    /// A finite, non-negative number of seconds below a year, or nil.
    private static func seconds(_ text: String) -> Double? {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0,
            value < 4_000_000_000
        else { return nil }
        return value
    }
}
