import Foundation
import RunnerConfig

/// Where a run keeps its files: the environment's var folder, the folder of its journal.
struct RunPaths {
    /// The SQLite journal.
    var journal: String
    /// The paper broker's book file: beside the journal, since both belong to one run.
    var paperBook: String
    /// The gate's trading state (active, reducing, halted): outlives a run, so a halt holds across restarts.
    var tradingState: String
    /// The Unix socket `runner halt|reduce|resume|flatten|status` talk to the running engine through.
    var controlSocket: String
    /// The process id of the run, for the kill switch to stop a frozen engine (see ``RunProcessFile``).
    var processFile: String
    /// The run's JSON-lines log (alerts and service events), rotated by size; kept across runs, `--fresh` too.
    var log: String
    /// The folder they are in.
    var folder: String

    init(root: String, environment: EnvironmentConfig) {
        journal = ConfigDirectory(root: root).displayPath(environment.journalPath)
        // Kept as written (relative to the working folder when the journal's path is): a Unix socket's
        // path has a short length limit.
        let folder = (journal as NSString).deletingLastPathComponent
        self.folder = folder
        func file(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        paperBook = file("paper-book.tsv")
        tradingState = file("trading-state.json")
        controlSocket = file("control.sock")
        processFile = file("run.pid")
        log = file("runner.log")
    }
}
