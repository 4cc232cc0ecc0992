import Foundation
@testable import RunnerApp
import RunnerEngine
import RunnerHealth
import RunnerJournaling
import Testing

/// `runner run` starts the clock check beside the engine exactly when the environment names a server.
@Suite struct RunServicesClockTests {
    func services(_ edits: [String: [(String, String)]], environment name: String) throws -> [String] {
        let root = try Repository.scratchCopy(edits: edits)
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = Workspace(root: root.path)
        let environment = try #require(workspace.load(environment: name).environments[name])
        let context = RunServiceContext(environment: environment, paths: RunPaths(root: root.path, environment: environment),
                                        inbox: CommandInbox(), heartbeats: HeartbeatBoard(), journal: MemoryJournal(),
                                        root: root.path, alerts: StandardErrorAlerts())
        return Workspace.runServices.compactMap { $0(context) }.map { String(describing: type(of: $0)) }
    }

    @Test(arguments: ["paper", "live"])
    func anEnvironmentWithAServerRunsTheClockCheck(_ name: String) throws {
        #expect(try services([:], environment: name).contains("ClockCheckService"))
    }

    @Test func anEnvironmentWithoutAServerDoesNot() throws {
        let edits = ["environments/paper.yaml": [("servers: [127.0.0.1:123], ", "")]]
        #expect(try !services(edits, environment: "paper").contains("ClockCheckService"))
    }
}
