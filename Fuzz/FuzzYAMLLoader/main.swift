import RunnerFuzzing

#if FUZZING
    /// libFuzzer's entry point (`scripts/fuzz.sh` builds with `-sanitize=fuzzer` and `-parse-as-library`).
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzYAMLLoader(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        FuzzTargets.yamlLoader(start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
        return 0
    }

    /// libFuzzer's driver, which its own `main` calls.
    @_extern(c, "LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's `main` to `<target>_main`: here it starts libFuzzer's driver.
    @_cdecl("FuzzYAMLLoader_main")
    public func fuzzYAMLLoaderMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments, fuzzYAMLLoader)
    }
#else
    // A plain build replays the files and folders named on the command line (a corpus, a crash reproducer).
    // A declaration, not a statement: `-parse-as-library` still parses this branch when it is inactive.
    let replayed: Void = FuzzTargets.replay(CommandLine.arguments.dropFirst(), through: FuzzTargets.yamlLoader)
#endif
