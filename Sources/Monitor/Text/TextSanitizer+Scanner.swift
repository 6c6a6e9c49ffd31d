extension TextSanitizer {
    /// The escape-sequence state machine, one scalar at a time (after ECMA-48 and the DEC VT
    /// parser): a value type with no side effects, so the sanitiser stays a pure function.
    struct Scanner {
        private enum State {
            /// Plain text.
            case ground
            /// After ESC.
            case escape
            /// After ESC and one or more intermediate bytes (0x20–0x2F).
            case escapeIntermediate
            /// Inside a control sequence (CSI), waiting for its final byte (0x40–0x7E).
            case csi
            /// Inside a string sequence (OSC, DCS, SOS, PM, APC), waiting for ST (or BEL for OSC).
            case string(belTerminates: Bool)
            /// Inside a string sequence, just after an ESC (the first half of `ESC \`).
            case stringEscape(belTerminates: Bool)
        }

        private var state = State.ground
        private var output = String.UnicodeScalarView()
        private var pendingSpace = false
        /// The last scalar written, for the zero-width joiner rule.
        private var last: Unicode.Scalar?
        /// Whether runs of spaces become one and leading ones vanish (messages), or every spacing
        /// control becomes one space of its own (the dashboard, which lays out its own text).
        let collapsesSpaces: Bool

        init(collapsesSpaces: Bool = true) {
            self.collapsesSpaces = collapsesSpaces
        }
        /// Scalars written to the output so far.
        private(set) var emitted = 0

        private static let escapeScalar: Unicode.Scalar = "\u{1B}"
        private static let bell: Unicode.Scalar = "\u{07}"

        /// Consumes one scalar.
        mutating func feed(_ scalar: Unicode.Scalar) {
            let value = scalar.value
            switch state {
            case .ground:
                ground(scalar)
            case .escape:
                switch value {
                case 0x5B: state = .csi  // [
                case 0x5D: state = .string(belTerminates: true)  // ]
                case 0x50, 0x58, 0x5E, 0x5F: state = .string(belTerminates: false)  // P X ^ _
                case 0x20...0x2F: state = .escapeIntermediate
                case 0x30...0x7E: state = .ground  // a complete two-byte sequence
                default: abort(reprocessing: scalar)
                }
            case .escapeIntermediate:
                switch value {
                case 0x20...0x2F: break
                case 0x30...0x7E: state = .ground
                default: abort(reprocessing: scalar)
                }
            case .csi:
                switch value {
                case 0x20...0x3F: break  // parameter and intermediate bytes
                case 0x40...0x7E: state = .ground  // final byte
                default: abort(reprocessing: scalar)
                }
            case .string(let belTerminates):
                if scalar == Self.escapeScalar {
                    state = .stringEscape(belTerminates: belTerminates)
                } else if value == 0x9C || (belTerminates && scalar == Self.bell) {
                    state = .ground
                }
            case .stringEscape:
                if value == 0x5C {  // backslash: ST
                    state = .ground
                } else {
                    // A new escape sequence cancels the string, as on a terminal.
                    state = .escape
                    feed(scalar)
                }
            }
        }

        /// The sanitised text; an unfinished sequence is dropped.
        mutating func finish() -> String {
            state = .ground
            pendingSpace = false
            return String(output)
        }

        private mutating func ground(_ scalar: Unicode.Scalar) {
            switch scalar.value {
            case 0x1B: state = .escape
            case 0x9B: state = .csi
            case 0x9D: state = .string(belTerminates: true)
            case 0x90, 0x98, 0x9E, 0x9F: state = .string(belTerminates: false)
            default:
                if !collapsesSpaces && (scalar == " " || TextSanitizer.isSpacing(scalar)) {
                    append(" ")
                } else if scalar == " " || TextSanitizer.isSpacing(scalar) {
                    pendingSpace = !output.isEmpty
                } else if TextSanitizer.isControl(scalar)
                    || TextSanitizer.isInvisible(scalar, after: pendingSpace ? " " : last)
                {
                    return
                } else {
                    if pendingSpace { append(" ") }
                    pendingSpace = false
                    append(scalar)
                }
            }
        }

        private mutating func append(_ scalar: Unicode.Scalar) {
            output.append(scalar)
            last = scalar
            emitted += 1
        }

        /// Drops a malformed sequence and handles `scalar` as if the sequence had not begun.
        private mutating func abort(reprocessing scalar: Unicode.Scalar) {
            state = .ground
            ground(scalar)
        }
    }
}
