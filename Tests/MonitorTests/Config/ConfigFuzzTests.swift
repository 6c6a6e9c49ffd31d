import Foundation
import TestSupport
import Testing

@testable import Monitor

/// A seeded random mutator over the value parsers and the whole loader. It asserts that nothing
/// crashes and that every rejection is a clean ``ConfigError``: a known kind, a position inside the
/// file (or 0:0 for the whole file), a non-empty message, and the `FILE:LINE:COL: ` prefix.
/// Seeds are fixed, so a failure reproduces; the counts are printed for the record.
@Suite struct ConfigFuzzTests {
    static let alphabet: [String] = [
        ":", " ", "  ", "\n", "-", "- ", "[", "]", "{", "}", ",", "#", "&a", "*a", "!", "|", ">", "'", "\"",
        "%", "@",
        "${", "}", "$", "0", "1", "9", ".", "s", "ms", "h", "MiB", "%", "\t", "\\", "é", "\u{0}", "\u{7}",
        "<<: ",
        "null", "~", "true", "-5", "99999999999999999999", "https://", "x", "name", "url", "breaker",
        "window",
        "---\n", "? ", "\u{FEFF}", "\r\n",
    ]

    /// `default`, or `ETHOTOP_FUZZ_SCALE` times it for a long run (`ETHOTOP_FUZZ_SCALE=50 swift test …`).
    static func rounds(default count: Int) -> Int {
        let scale = ProcessInfo.processInfo.environment["ETHOTOP_FUZZ_SCALE"].flatMap { Int($0) } ?? 1
        return count * max(1, scale)
    }

    static func mutate(_ text: String, using random: inout SplitMix64) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = scalars.isEmpty ? 0 : Int.random(in: 0...scalars.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0, 1:
                let piece = alphabet.randomElement(using: &random) ?? "x"
                scalars.insert(contentsOf: piece.unicodeScalars, at: position)
            case 2 where !scalars.isEmpty:
                let end = min(scalars.count, position + Int.random(in: 1...8, using: &random))
                scalars.removeSubrange(min(position, end)..<end)
            case 3 where !scalars.isEmpty:
                let index = min(position, scalars.count - 1)
                scalars[index] = Unicode.Scalar(UInt8.random(in: 32...126, using: &random))
            case 4:
                // Duplicate a line somewhere else (repeats keys, breaks indentation).
                let lines = String(String.UnicodeScalarView(scalars)).split(
                    separator: "\n", omittingEmptySubsequences: false)
                guard let line = lines.randomElement(using: &random) else { break }
                var copy = lines
                copy.insert(line, at: Int.random(in: 0...lines.count, using: &random))
                scalars = Array(copy.joined(separator: "\n").unicodeScalars)
            default:
                if let random = scalars.indices.randomElement(using: &random) { scalars.remove(at: random) }
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    static func checkClean(
        _ error: ConfigError, in text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        // YAML line breaks: LF, CR, CRLF (one break), NEL, LS, PS.
        var lineCount = 1
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar)
                && !(previous == "\r" && scalar == "\n")
            {
                lineCount += 1
            }
            previous = scalar
        }
        #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        #expect(error.file == "fuzz.yaml", sourceLocation: sourceLocation)
        if error.kind == .io {
            #expect(error.line == 0, sourceLocation: sourceLocation)
        } else {
            #expect(
                (1...max(1, lineCount + 1)).contains(error.line), "\(error) in \(text.debugDescription)",
                sourceLocation: sourceLocation)
            #expect(error.column >= 1, "\(error)", sourceLocation: sourceLocation)
            #expect(
                error.description.hasPrefix("fuzz.yaml:\(error.line):\(error.column): "),
                sourceLocation: sourceLocation)
        }
    }

    @Test func loaderNeverCrashesAndRejectsCleanly() throws {
        let example = try String(
            contentsOf: repositoryRoot.appendingPathComponent("examples/config.yaml"), encoding: .utf8)
        let seeds = [example, ConfigSecretsTests.yaml, ConfigDiffTests.new, ConfigLoaderTests.minimal]
        let loader = ConfigLoader(environment: [
            "API_TOKEN": "t0k3n-value", "DB_PASS": "pw", "HOST": "h.test", "TOKEN": "x",
        ])
        var random = SplitMix64(seed: 0xE7_40_70_F0)
        var executions = 0
        var accepted = 0
        var errorCount = 0
        let rounds = Self.rounds(default: 2_000)
        for round in 0..<rounds {
            var text = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...3, using: &random) { text = Self.mutate(text, using: &random) }
            executions += 1
            do {
                let config = try loader.parse(yaml: text, sourcePath: "fuzz.yaml")
                accepted += 1
                // Whatever loads must print without secrets.
                #expect(!ConfigSummary(config).description.contains("t0k3n-value"))
            } catch {
                #expect(!error.errors.isEmpty)
                errorCount += error.errors.count
                for item in error.errors { Self.checkClean(item, in: text) }
                #expect(!error.description.contains("t0k3n-value"))
            }
        }
        print(
            "config fuzz: \(executions) loader executions, \(accepted) accepted, \(errorCount) errors checked"
        )
        #expect(executions == rounds)
        #expect(accepted > 0 && accepted < executions, "mutations should both keep and break configs")
    }

    @Test func valueParsersAreTotal() {
        var random = SplitMix64(seed: 20_251_129)
        let corpus = [
            "250ms", "1m30s", "1.5s", "1MiB", "512KiB", "10MB", "50%", "12.5%", "200-299", "404", "2xx", "0",
        ]
        var executions = 0
        let rounds = Self.rounds(default: 10_000)
        for round in 0..<rounds {
            let text = Self.mutate(corpus[round % corpus.count], using: &random)
            executions += 4
            for result in [
                Result { () throws(ConfigValueError) in _ = try DurationParser.parse(text) },
                Result { () throws(ConfigValueError) in _ = try SizeParser.parse(text) },
                Result { () throws(ConfigValueError) in _ = try PercentParser.parse(text) },
                Result { () throws(ConfigValueError) in _ = try StatusRange.parse(text) },
            ] {
                if case .failure(let error) = result { #expect(!error.message.isEmpty) }
            }
            if let duration = try? DurationParser.parse(text) {
                #expect(duration >= .zero)
                #expect((try? DurationParser.parse(DurationParser.format(duration))) == duration)
            }
            if let percent = try? PercentParser.parse(text) { #expect((0...1).contains(percent)) }
            if let size = try? SizeParser.parse(text) { #expect(size >= 0) }
        }
        print("value parser fuzz: \(executions) parser executions")
        #expect(executions == rounds * 4)
    }

    /// Byte-level mutations, for the path a file takes (`parse(data:)`): bit flips, random and
    /// ill-formed bytes (lone continuation bytes, overlong forms, surrogates, truncated scalars),
    /// BOMs, cuts. Valid UTF-8 must load or be rejected cleanly as above; anything else must be
    /// one `syntax` error at the first ill-formed byte, located by an independent validator.
    @Test func loaderFromBytesRejectsInvalidUTF8AtTheRightPlace() throws {
        let example = try Data(contentsOf: repositoryRoot.appendingPathComponent("examples/config.yaml"))
        let seeds = [
            Array(example), Array(ConfigLoaderTests.minimal.utf8), Array(ConfigSecretsTests.yaml.utf8),
        ]
        let hostile: [[UInt8]] = [
            [0xFF], [0xFE], [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF],
            [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98], [0xC3], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0x00],
            Array("é".utf8), Array("→".utf8), Array("😀".utf8), Array("\u{2028}".utf8), [0x0D], [0x0A],
        ]
        let loader = ConfigLoader(environment: ["API_TOKEN": "t0k3n-value", "TOKEN": "x"])
        var random = SplitMix64(seed: 0xB17E_5EED)
        var executions = 0
        var invalid = 0
        let rounds = Self.rounds(default: 2_000)
        for round in 0..<rounds {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0 where !bytes.isEmpty:
                    let index = min(position, bytes.count - 1)
                    bytes[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
                case 1:
                    bytes.insert(contentsOf: hostile.randomElement(using: &random) ?? [0xFF], at: position)
                case 2:
                    bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
                case 3:
                    bytes.removeSubrange(
                        position..<min(bytes.count, position + Int.random(in: 1...16, using: &random)))
                default:
                    bytes = Array(bytes.prefix(position))
                }
            }
            executions += 1
            do {
                _ = try loader.parse(data: Data(bytes), sourcePath: "fuzz.yaml")
            } catch {
                if let (line, column) = Self.firstIllFormed(bytes) {
                    invalid += 1
                    #expect(error.errors.count == 1)
                    #expect(error.errors.first?.kind == .syntax)
                    #expect(error.errors.first?.line == line, "\(error)")
                    #expect(error.errors.first?.column == column, "\(error)")
                } else {
                    for item in error.errors {
                        Self.checkClean(item, in: String(decoding: bytes, as: UTF8.self))
                    }
                }
                #expect(!error.description.contains("t0k3n-value"))
            }
        }
        print("config byte fuzz: \(executions) loader executions from bytes, \(invalid) with invalid UTF-8")
        #expect(executions == rounds)
        #expect(invalid > 0 && invalid < executions)
    }

    /// Where the first ill-formed UTF-8 sequence starts (line, column in scalars), or `nil` when
    /// `bytes` are well-formed. Written from the Unicode standard's table of well-formed byte
    /// sequences (Table 3-7), independently of the standard library's decoder the loader uses.
    static func firstIllFormed(_ bytes: [UInt8]) -> (line: Int, column: Int)? {
        var index = 0
        var line = 1
        var column = 1
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            default: return (line, column)
            }
            guard index + length <= bytes.count else { return (line, column) }
            for offset in 1..<max(1, length) {
                let range = offset == 1 ? second : 0x80...0xBF
                if !range.contains(bytes[index + offset]) { return (line, column) }
            }
            if lead == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return nil
    }
}
