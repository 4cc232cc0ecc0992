import RunnerApp
import Testing

@Suite struct ValidationBenchmarkTests {
    /// The benchmark refuses to report a figure for a root that does not validate, so this keeps its
    /// generated files in step with the loader.
    @Test func theGeneratedRootValidates() throws {
        let result = try ValidationBenchmark(strategies: 5, runs: 2).run(workspace: Workspace())
        #expect(result.files == 7)
        #expect(result.runs == 2)
        #expect(result.fastest <= result.median && result.median <= result.slowest)
    }
}
