/// Removes everything from untrusted text that could move the cursor or reprogram the terminal.
///
/// Endpoint names, URLs and curl's error messages come from config files and from the network;
/// drawn raw, an `ESC ] 52` or a CSI sequence in a server's reason phrase would be executed by the
/// operator's terminal. Every string reaches the grid through ``clean(_:)``, which drops:
/// - escape sequences whole: CSI (`ESC [` … final byte), OSC (`ESC ]` … BEL or ST), DCS / SOS /
///   PM / APC (`ESC P|X|^|_` … ST), and two-byte `ESC x`;
/// - C0 controls, DEL and C1 controls (U+0080–U+009F, including the 8-bit CSI U+009B and its
///   parameters); tab, newline and carriage return become a space so words stay apart;
/// - Unicode format characters (bidi overrides and isolates, zero-width space, BOM), except the
///   zero-width joiner inside emoji sequences; line and paragraph separators become a space.
enum DisplaySanitizer {
    /// `text` with control characters and escape sequences removed.
    static func clean(_ text: String) -> String {
        if isPlainASCII(text) { return text }
        var output = String.UnicodeScalarView()
        var state = ScanState.text
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch state {
            case .text:
                if value == 0x1B {
                    state = .escape
                } else if value == 0x9B {
                    state = .csi
                } else if value == 0x90 || value == 0x98 || value == 0x9D || value == 0x9E || value == 0x9F {
                    state = .string
                } else if value == 0x09 || value == 0x0A || value == 0x0D || value == 0x2028
                    || value == 0x2029
                {
                    output.append(" ")
                } else if isDropped(scalar) {
                    continue
                } else {
                    output.append(scalar)
                }
            case .escape:
                switch value {
                case 0x5B: state = .csi  // [
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: state = .string  // ] P X ^ _
                case 0x20...0x2F: state = .escapeIntermediate  // ESC ( B and friends
                default: state = .text  // two-byte sequence: drop the final byte too
                }
            case .escapeIntermediate:
                if !(0x20...0x2F).contains(value) { state = .text }
            case .csi:
                // Parameters and intermediates are 0x20–0x3F; the final byte (0x40–0x7E), or
                // anything unexpected, ends the sequence and is dropped with it.
                if value == 0x1B {
                    state = .escape
                } else if !(0x20...0x3F).contains(value) {
                    state = .text
                }
            case .string:
                // Ends at BEL, at ST (ESC \ or U+009C).
                if value == 0x07 || value == 0x9C {
                    state = .text
                } else if value == 0x1B {
                    state = .stringEscape
                }
            case .stringEscape:
                state = value == 0x5C ? .text : .string
            }
        }
        return String(output)
    }

    /// Whether every byte is printable ASCII (the common case, returned unchanged).
    static func isPlainASCII(_ text: String) -> Bool {
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F { return false }
        return true
    }

    private static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        if value < 0xAD { return false }
        if value == 0x200D { return false }  // zero-width joiner: part of emoji sequences
        if DisplayWidth.isPlainSymbol(value) { return false }
        switch scalar.properties.generalCategory {
        case .format, .control, .surrogate: return true
        default: return false
        }
    }

    private enum ScanState {
        case text, escape, escapeIntermediate, csi, string, stringEscape
    }
}
