/// Cheap checks on the raw text before it reaches the YAML parser.
///
/// libyaml and Yams compose recursively, so absurd nesting (`[[[[…`, `- - - - …`) could exhaust a
/// thread's stack; no real config nests more than a dozen levels, so we refuse such input with a
/// clean error instead. The same goes for files too large to be a config.
enum YAMLGuard {
    /// Largest config file accepted.
    static let maxBytes = 1 << 20
    /// Deepest flow nesting (`[`/`{`) accepted.
    static let maxFlowDepth = 64
    /// Deepest indentation accepted, in columns.
    static let maxIndent = 256
    /// Most block indicators (`- `, `? `) at the start of one line.
    static let maxIndicators = 32

    /// The first problem found, as (line, column, message, hint).
    static func check(_ text: String) -> (line: Int, column: Int, message: String, hint: String)? {
        if text.utf8.count > maxBytes {
            return (
                0, 0, "the config is larger than \(maxBytes >> 20) MiB",
                "a config this large is certainly a mistake"
            )
        }
        let hint = "configs never need to nest this deeply; check for a runaway bracket or indentation"
        let bytes = Array(text.utf8)
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")
        var depth = 0
        var line = 1
        var column = 0
        var atLineStart = true
        var indent = 0
        var indicators = 0
        for (index, byte) in bytes.enumerated() {
            if byte == newline {
                line += 1
                column = 0
                atLineStart = true
                indent = 0
                indicators = 0
                continue
            }
            if byte & 0xC0 != 0x80 { column += 1 }
            if atLineStart {
                let next = index + 1 < bytes.count ? bytes[index + 1] : newline
                if byte == space || byte == tab {
                    indent += 1
                    if indent > maxIndent {
                        return (line, column, "indentation deeper than \(maxIndent) columns", hint)
                    }
                } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "?"),
                    next == space || next == tab || next == newline
                {
                    indicators += 1
                    if indicators > maxIndicators {
                        return (line, column, "too many nested block entries on one line", hint)
                    }
                } else {
                    atLineStart = false
                }
            }
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
                if depth > maxFlowDepth {
                    return (line, column, "brackets nested deeper than \(maxFlowDepth) levels", hint)
                }
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}"), depth > 0 {
                depth -= 1
            }
        }
        return nil
    }
}
