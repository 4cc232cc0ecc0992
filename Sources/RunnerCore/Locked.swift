import Synchronization

#if RUNNER_TSAN
    /// The lock every lock-protected state in the runner uses: a pthread mutex in a ThreadSanitizer
    /// build (`scripts/sanitize.sh thread` defines RUNNER_TSAN), since the standard library's `Mutex`
    /// takes a futex in code ThreadSanitizer does not see when contended and every `withLock` would be
    /// reported as a race; the standard library's `Mutex` everywhere else.
    public typealias Locked<Value> = PosixLocked<Value>
#else
    /// The lock every lock-protected state in the runner uses: the standard library's `Mutex` (a pthread
    /// mutex in a ThreadSanitizer build, see `PosixLocked`).
    public typealias Locked<Value> = Mutex<Value>
#endif
