import RunnerConfig
import RunnerCore

/// What a crashed run must share with the run that resumes it: the environment, the content of every
/// configuration file it uses (environment, limits, strategies) and the market data path. A resume with
/// any of them changed would replay other decisions than the broker saw, so it is refused.
struct RunFingerprint {
    let text: String

    init(environment: EnvironmentConfig, configuration: Configuration, dataPath: String) {
        // In the environment's order, each file once (a file may run under several names).
        let strategyFiles = configuration.strategies(of: environment).map(\.file)
            .reduce(into: [String]()) { files, file in if !files.contains(file) { files.append(file) } }
        var files = [environment.file, environment.limitsFile.value] + strategyFiles
        files = files.map { file in configuration.sources.keys.first { $0 == file || $0.hasSuffix("/" + file) } ?? file }
        let digest = files.reduce(into: FNV1a()) { hash, file in
            hash.add(file)
            hash.add(configuration.sources[file] ?? "<missing>")
        }
        text = "strategies=\(strategyFiles.joined(separator: ",")); data=\(dataPath); config=\(digest.hex)"
    }
}
