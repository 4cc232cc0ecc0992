import ArgumentParser
import Foundation
import RunnerApp
import RunnerConfig
import RunnerDiagnostics
import RunnerPipeline

extension CommandOutput {
    /// Prints both streams and ends the process with the output's exit status.
    func emit() throws {
        FileHandle.standardOutput.write(Data(standardOutput.utf8))
        FileHandle.standardError.write(Data(standardError.utf8))
        if exitCode != .success { throw ExitCode(exitCode.rawValue) }
    }
}

/// `--root DIR`, shared by the commands that read the config folders.
struct RootOption: ParsableArguments {
    @Option(help: "Folder holding strategies/, limits/ and environments/.")
    var root: String = "."
}

var processEnvironment: [String: String] { ProcessInfo.processInfo.environment }

extension DiagnosticFormat: ExpressibleByArgument {}
extension GraphFormat: ExpressibleByArgument {}
extension ConfigFileKind: ExpressibleByArgument {}
