import Foundation

/// `runner kill`, started by a run on itself (its watchdog): the same binary, the same command a person
/// runs, with this process's environment (the alert sinks' variables). Its output goes to this process's
/// standard error. Returns when it ends; when the engine did not answer, it ends this process first.
enum RunKillProcess {
    static func run(root: String, environment: String, reason: String) async {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["kill", "--root", root, "--env", environment, "--reason", reason]
        var variables = ProcessInfo.processInfo.environment
        variables["RUNNER_ENV"] = environment
        process.environment = variables
        process.standardOutput = FileHandle.standardError
        process.standardError = FileHandle.standardError
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in done.resume() }
            do {
                try process.run()
            } catch {
                FileHandle.standardError.write(Data("watchdog: could not start `runner kill`: \(error)\n".utf8))
                process.terminationHandler = nil
                done.resume()
            }
        }
    }
}
