import RunnerFuzzing

#if FUZZING
    /// libFuzzer's entry point (built by `scripts/fuzz.sh` with `-sanitize=fuzzer` and `-parse-as-library`).
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzExpressions(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
        FuzzTargets.expressions(Array(UnsafeRawBufferPointer(start: start, count: count)))
        return 0
    }
#else
    // A plain build replays the files and folders named on the command line (a corpus, a crash reproducer).
    FuzzTargets.replay(CommandLine.arguments.dropFirst(), through: FuzzTargets.expressions)
#endif
