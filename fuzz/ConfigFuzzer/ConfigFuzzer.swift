// libFuzzer target over the config loader and the value parsers (`make fuzz`, docs/FAULTS.md).
//
// The first input byte picks the target (loader, duration, size, percent, status); the rest is
// the text. Anything but a clean result or a clean rejection traps, and libFuzzer reports it: a
// crash, a rejection without a message or with a position outside the input, a duration that
// does not survive its own formatting, a percentage outside 0…1, a negative size.
//
// Built normally (`swift build`) it is a replayer instead: `ConfigFuzzer FILE…` runs each file
// through the same checks, which is how a crash libFuzzer found is replayed in the debugger.
import Foundation
import Monitor

/// Runs one input through its target and traps on anything unclean.
func check(_ input: [UInt8]) {
    guard let selector = input.first else { return }
    let body = Array(input.dropFirst())
    switch selector % 5 {
    case 0: checkLoader(body)
    default:
        let text = String(decoding: body, as: UTF8.self)
        checkValue(text, target: selector % 5)
    }
}

/// The whole loader, from bytes (UTF-8 decoding, BOM, size guard, YAML, validation).
func checkLoader(_ bytes: [UInt8]) {
    let loader = ConfigLoader(environment: ["TOKEN": "fuzz-secret-value", "HOST": "h.test"])
    do {
        let config = try loader.parse(data: Data(bytes), sourcePath: "fuzz.yaml")
        precondition(!config.endpoints.isEmpty, "a loaded config has endpoints")
        precondition(
            !ConfigSummary(config).description.contains("fuzz-secret-value"), "a secret in the summary")
    } catch {
        precondition(!error.errors.isEmpty, "a rejection with no error")
        let lines = lineCount(String(decoding: bytes, as: UTF8.self))
        for item in error.errors {
            precondition(!item.message.isEmpty, "an error without a message")
            precondition(item.file == "fuzz.yaml", "an error naming another file")
            // One past the last line is where an unexpected end of input is reported; 0 is the file.
            precondition(item.line >= 0 && item.line <= lines + 1, "line \(item.line) outside \(lines)")
            precondition(item.line == 0 || item.column >= 1, "a position without a column")
            precondition(!item.description.contains("fuzz-secret-value"), "a secret in an error")
        }
    }
}

/// Lines as YAML counts them: LF, CR and CRLF (one break), NEL, LS and PS.
func lineCount(_ text: String) -> Int {
    var count = 1
    var previous: Unicode.Scalar = " "
    for scalar in text.unicodeScalars {
        if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar)
            && !(previous == "\r" && scalar == "\n")
        {
            count += 1
        }
        previous = scalar
    }
    return count
}

/// One value parser; `target` 1…4 is duration, size, percent, status.
func checkValue(_ text: String, target: UInt8) {
    do throws(ConfigValueError) {
        switch target {
        case 1:
            let duration = try DurationParser.parse(text)
            precondition(duration >= .zero, "a negative duration")
            let again = try? DurationParser.parse(DurationParser.format(duration))
            precondition(again == duration, "\(duration) does not survive formatting")
        case 2:
            let size = try SizeParser.parse(text)
            precondition(size >= 0, "a negative size")
            precondition(
                (try? SizeParser.parse(SizeParser.format(size))) == size, "\(size) does not round-trip")
        case 3:
            let fraction = try PercentParser.parse(text)
            precondition((0...1).contains(fraction), "a percentage outside 0…100")
        default:
            let range = try StatusRange.parse(text)
            precondition((try? StatusRange.parse(range.description)) == range, "\(range) does not round-trip")
        }
    } catch {
        precondition(!error.message.isEmpty, "a rejection without a message")
    }
}

/// libFuzzer's entry point: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// The executable's `main`: libFuzzer's driver when built for fuzzing, a replayer otherwise.
@main
enum ConfigFuzzerMain {
    static func main() {
        #if ETHOTOP_LIBFUZZER
            // SwiftPM names the entry point itself, so libFuzzer's own `main` cannot be used;
            // its documented alternative for a custom main is `LLVMFuzzerRunDriver`, looked up
            // here (the build exports it) and called with C's calling convention.
            typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
            typealias Driver =
                @convention(c) (
                    UnsafeMutablePointer<CInt>,
                    UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                    Callback
                ) -> CInt
            guard let symbol = dlsym(nil, "LLVMFuzzerRunDriver") else {
                print("LLVMFuzzerRunDriver not found: build with make fuzz")
                exit(2)
            }
            let driver = unsafeBitCast(symbol, to: Driver.self)
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(driver(&argc, &argv, fuzzOneInput))
        #else
            let paths = CommandLine.arguments.dropFirst()
            if paths.isEmpty {
                print("usage: ConfigFuzzer FILE… (replays fuzz inputs; make fuzz runs libFuzzer)")
            }
            for path in paths {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("\(path): cannot read")
                    continue
                }
                check(Array(data))
                print("\(path): ok")
            }
        #endif
    }
}
