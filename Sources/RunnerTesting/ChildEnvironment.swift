import Foundation

/// The environment for a `runner` process a test starts: a fixed PATH, so the test does not depend on
/// the caller's, plus the sanitizer options of the test process, so a run under `scripts/sanitize.sh`
/// judges the child by the same rules (leak checking off) as the tests.
public enum ChildEnvironment {
    public static var minimal: [String: String] {
        var environment = ["PATH": "/usr/bin:/bin"]
        let inherited = ProcessInfo.processInfo.environment
        for name in ["ASAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"] {
            if let value = inherited[name] { environment[name] = value }
        }
        return environment
    }
}
