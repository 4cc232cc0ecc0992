import Foundation
import RunnerConfig
import RunnerDiagnostics
import RunnerPipeline
import RunnerTesting
import Testing

/// Random damage to valid files (delete a line, swap two characters, flip a number's sign, ...) must
/// always end in diagnostics or a valid configuration: never a crash, a hang or a silent failure.
@Suite struct MutationTests {
    enum Mutation: CaseIterable {
        case deleteLine, swapCharacters, flipNumberSign, duplicateLine, insertCharacter, truncate, indentLine
    }

    static func mutate(_ text: [UInt8], with mutation: Mutation, random: inout SplitMix64) -> [UInt8] {
        guard !text.isEmpty else { return text }
        var bytes = text
        switch mutation {
        case .deleteLine, .duplicateLine, .indentLine:
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            let index = Int(random.next() % UInt64(lines.count))
            switch mutation {
            case .deleteLine: lines.remove(at: index)
            case .duplicateLine: lines.insert(lines[index], at: index)
            default: lines[index] = Array("   ".utf8) + lines[index]
            }
            bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        case .swapCharacters:
            let index = Int(random.next() % UInt64(bytes.count - 1))
            bytes.swapAt(index, index + 1)
        case .flipNumberSign:
            let digits = bytes.indices.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }
            guard let index = digits.isEmpty ? nil : digits[Int(random.next() % UInt64(digits.count))] else { break }
            if index > 0 && bytes[index - 1] == UInt8(ascii: "-") {
                bytes.remove(at: index - 1)
            } else {
                bytes.insert(UInt8(ascii: "-"), at: index)
            }
        case .insertCharacter:
            let alphabet = Array(":-[]{}&*!|>'\"%#,\t ?@`\u{0}".utf8) + [0xFF]
            let index = Int(random.next() % UInt64(bytes.count + 1))
            bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: index)
        case .truncate:
            bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
        }
        return bytes
    }

    @Test(arguments: 0..<8)
    func randomMutationsEndInDiagnosticsOrSuccess(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 1)
        let base = FixtureConfig.baseFiles()
        let paths = base.keys.sorted()
        var outcomes = (valid: 0, invalid: 0)
        for _ in 0..<250 {
            var files = base
            let path = paths[Int(random.next() % UInt64(paths.count))]
            var bytes = files[path]!
            for _ in 0...(random.next() % 3) {
                let mutation = Mutation.allCases[Int(random.next() % UInt64(Mutation.allCases.count))]
                bytes = Self.mutate(bytes, with: mutation, random: &random)
            }
            files[path] = bytes
            let configuration = FixtureConfig.load(files)
            if configuration.isValid {
                outcomes.valid += 1
                // Valid means the whole pipeline can be built, not merely that nothing was reported.
                #expect(PipelineGraphBuilder().build(environment: "paper", from: configuration) != nil,
                        "valid but no pipeline after mutating \(path): \(String(decoding: bytes, as: UTF8.self))")
                // A configuration reported valid must really be complete.
                #expect(configuration.environments["paper"] != nil, "valid but no environment after mutating \(path): \(String(decoding: bytes, as: UTF8.self))")
            } else {
                outcomes.invalid += 1
                for diagnostic in configuration.diagnostics {
                    #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
                    #expect(!diagnostic.message.isEmpty)
                }
            }
        }
        #expect(outcomes.invalid > 0, "the mutations should break most files")
    }
}
