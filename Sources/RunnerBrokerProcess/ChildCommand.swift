import Foundation

/// A command ready to start: the program's full path, its arguments, folder and environment, resolved from
/// the settings and the runner's environment before anything starts, so a mistake is reported at once.
struct ChildCommand: Sendable, Hashable {
    var program: String
    var arguments: [String]
    var workingDirectory: String
    var environment: [String: String]
    /// How messages name the process: `the adapter`, `the feed program`.
    var role: String

    /// - Parameters:
    ///   - command: the program and its arguments; a program with a `/` is a path (relative ones from
    ///     `workingDirectory`), a bare name is looked up in the runner's `PATH`.
    ///   - passing: the names of the variables the process gets, with their values in `runnerEnvironment`.
    init(
        command: [String], workingDirectory: String, passing names: [String], extra: [String: String] = [:],
        runnerEnvironment: [String: String], role: String
    ) throws(ProcessAdapterError) {
        guard let first = command.first, !first.isEmpty else {
            throw .programNotFound("the command of \(role) is empty: it needs at least the program to run")
        }
        var environment: [String: String] = [:]
        for name in names {
            guard let value = runnerEnvironment[name] else { throw .missingVariable(name) }
            environment[name] = value
        }
        environment.merge(extra) { $1 }
        program = try Self.resolve(
            first, workingDirectory: workingDirectory, path: runnerEnvironment["PATH"] ?? "",
            role: role)
        arguments = Array(command.dropFirst())
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.role = role
    }

    private static func resolve(_ program: String, workingDirectory: String, path: String, role: String)
        throws(ProcessAdapterError) -> String
    {
        let manager = FileManager.default
        if program.contains("/") {
            let full = program.hasPrefix("/") ? program : (workingDirectory as NSString).appendingPathComponent(program)
            guard manager.isExecutableFile(atPath: full) else {
                throw .programNotFound("the program of \(role), \(full), does not exist or is not executable")
            }
            return full
        }
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let full = (String(folder) as NSString).appendingPathComponent(program)
            if manager.isExecutableFile(atPath: full) { return full }
        }
        throw .programNotFound("the program of \(role), '\(program)', is not in the PATH (\(path))")
    }
}
