import Foundation
import RunnerFuzzing

#if FUZZING
/// libFuzzer's entry point: built by `scripts/fuzz_csv.sh` with `-sanitize=fuzzer,address -DFUZZING`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    CSVFuzzHarness.exercise(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
/// Without libFuzzer: replays the files given (a crash's reproducer, a corpus folder) through the harness.
@main
struct FuzzCSV {
    static func main() {
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("fuzz-csv: no such file or folder '\(argument)'\n".utf8))
                exit(1)
            }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                : [argument]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                CSVFuzzHarness.exercise(Array(data))
                count += 1
            }
        }
        print("fuzz-csv: \(count) inputs replayed without a problem")
    }
}
#endif
