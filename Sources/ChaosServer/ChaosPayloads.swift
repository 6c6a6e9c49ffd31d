/// The hostile bytes the chaos server sends, public so that other modules' tests (the dashboard's
/// sanitiser, the probe's body prefix) can assert against exactly what went over the wire.
public enum ChaosPayloads {
    /// ESC, the start of every 7-bit escape sequence.
    static let esc: UInt8 = 0x1B

    /// The reason phrase of `/escapes`: `200 OK` wrapped in clear-screen, title-set and bell.
    public static let escapeReason: [UInt8] =
        [esc] + Array("[2J".utf8) + [esc] + Array("]0;pwned by status line".utf8) + [0x07]
        + Array("OK".utf8) + [0x9B] + Array("31m".utf8)

    /// A header value of `/escapes` (sent as `X-Chaos-Escapes`): colour change, cursor home, bell.
    public static let escapeHeader: [UInt8] =
        [esc] + Array("[31mred".utf8) + [esc] + Array("[H".utf8) + [0x07] + [esc] + Array("[0m".utf8)

    /// The body of `/escapes`. Each line names what it carries, so a dashboard that renders it raw
    /// shows the damage and one that sanitises it shows the labels.
    public static let escapeBody: [UInt8] = {
        var body: [UInt8] = []
        func line(_ label: String, _ bytes: [UInt8]) {
            body += Array("\(label): ".utf8) + bytes + [0x0A]
        }
        line("CSI clear screen", [esc] + Array("[2J".utf8) + [esc] + Array("[3J".utf8))
        line(
            "CSI cursor home and moves",
            [esc] + Array("[H".utf8) + [esc] + Array("[10;20H".utf8) + [esc] + Array("[5A".utf8))
        line("OSC window title (BEL)", [esc] + Array("]0;pwned".utf8) + [0x07])
        line("OSC window title (ST)", [esc] + Array("]2;pwned again".utf8) + [esc, 0x5C])
        line(
            "OSC 8 hyperlink",
            [esc] + Array("]8;;http://example.invalid/".utf8) + [esc, 0x5C] + Array("link".utf8) + [esc]
                + Array("]8;;".utf8) + [esc, 0x5C])
        line("SGR colours", [esc] + Array("[31;1;5mred blink".utf8) + [esc] + Array("[0m".utf8))
        line("BEL", [0x07, 0x07, 0x07])
        line("backspace and CR overwrite", Array("secret".utf8) + [0x08, 0x08, 0x0D] + Array("XXXX".utf8))
        line("C1 CSI (raw 0x9B)", [0x9B] + Array("2J".utf8))
        line("C1 OSC (UTF-8 U+009D)", [0xC2, 0x9D] + Array("0;c1 title".utf8) + [0x07])
        line("invalid UTF-8", [0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0xED, 0xA0, 0x80])
        line("NUL and DEL", [0x00, 0x7F])
        line("bidi override", Array("\u{202E}desrever".utf8))
        line("alternate screen", [esc] + Array("[?1049h".utf8) + [esc] + Array("[?1049l".utf8))
        line("device status query", [esc] + Array("[6n".utf8))
        return body
    }()

    /// What `/garbage` sends instead of an HTTP response: an SSH banner and binary noise.
    public static let garbage: [UInt8] =
        Array("SSH-2.0-OpenSSH_9.9 chaos\r\n".utf8)
        + (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
}
