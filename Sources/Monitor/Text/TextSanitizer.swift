/// Makes server-supplied text safe to draw in a terminal, print, log or export.
///
/// Everything a monitored server controls — status lines, error messages, body snippets, header
/// values — passes through here before it enters a ``Snapshot`` or an ``Event``. A hostile or
/// broken server must not be able to move the cursor, retitle the window, switch character sets,
/// hide text or break a JSON line, so the output never contains a Unicode control scalar
/// (general category Cc), a bidirectional override, or a line separator:
///
/// - complete escape sequences are removed whole: CSI (`ESC [` or `0x9B` … final byte),
///   OSC (`ESC ]` or `0x9D` … BEL or ST), DCS/SOS/PM/APC (`ESC P`, `ESC X`, `ESC ^`, `ESC _`,
///   or their C1 forms … ST) and the short two- and three-byte `ESC` sequences;
/// - an unterminated string sequence (OSC, DCS, …) swallows the rest of the input, as it would on
///   a terminal, so its payload never shows up as stray text;
/// - other C0 controls, DEL and C1 controls are dropped;
/// - newlines, carriage returns, tabs, vertical tabs, form feeds and U+2028/U+2029 become one
///   space per run, so a message stays on one line;
/// - bidi embedding/override/isolate marks are dropped (they can reorder what the operator reads),
///   and so is every other invisible format character (Unicode category Cf: zero-width space and
///   non-joiner U+200B/U+200C, U+2060–U+2064, the BOM U+FEFF, the soft hyphen U+00AD, tag
///   characters U+E0000–U+E007F, …), which can hide or disguise text; the zero-width joiner U+200D
///   is kept only right after an emoji, where it builds sequences such as 👩‍💻;
/// - invalid UTF-8 becomes U+FFFD (the `[UInt8]` overload);
/// - leading and trailing spaces are trimmed and the result is cut to `maxLength` characters,
///   ending in `…` when cut.
///
/// It is a pure function with no allocation beyond the result, cheap enough for every probe.
public enum TextSanitizer {
    /// The default bound on the result, in characters (grapheme clusters).
    public static let defaultMaxLength = 512

    /// Sanitises a string: see ``TextSanitizer`` for the rules.
    ///
    /// - Parameters:
    ///   - text: Untrusted text.
    ///   - maxLength: Largest number of characters in the result (at least 1); longer results are
    ///     cut and end in `…`.
    public static func sanitize(_ text: String, maxLength: Int = defaultMaxLength) -> String {
        sanitize(text, limit: max(1, maxLength), alreadyCut: false)
    }

    /// Sanitises raw bytes, decoding them as UTF-8 and replacing invalid sequences with U+FFFD.
    ///
    /// Use this for bytes straight off the wire (a body snippet, a header value) so that invalid
    /// UTF-8 is never passed on to a terminal or a JSON encoder. Only a prefix proportional to
    /// `maxLength` is decoded, so a huge input costs no more than a short one.
    public static func sanitize(_ bytes: [UInt8], maxLength: Int = defaultMaxLength) -> String {
        let limit = max(1, maxLength)
        let cap = limit * 16 + 64
        guard bytes.count > cap else {
            return sanitize(String(decoding: bytes, as: UTF8.self), limit: limit, alreadyCut: false)
        }
        return sanitize(String(decoding: bytes.prefix(cap), as: UTF8.self), limit: limit, alreadyCut: true)
    }

    /// Scans until the output is comfortably longer than `limit` characters (4 scalars per
    /// character, generous for combining marks), so work is bounded by `limit`, not the input.
    private static func sanitize(_ text: String, limit: Int, alreadyCut: Bool) -> String {
        let (clean, cut) = cleaned(text, limit: limit)
        return truncate(clean, to: limit, force: cut || alreadyCut)
    }

    /// The sanitised text before truncation, and whether the scan stopped early (so a longer input
    /// was cut short, anywhere after `limit` characters).
    static func cleaned(_ text: String, limit: Int) -> (text: String, cut: Bool) {
        let budget = limit * 4 + 16
        var scanner = Scanner()
        var cut = false
        for scalar in text.unicodeScalars {
            if scanner.emitted > budget {
                cut = true
                break
            }
            scanner.feed(scalar)
        }
        return (scanner.finish(), cut)
    }

    /// The same rule without shaping a message: nothing trimmed or cut, and each newline, tab or
    /// line separator becomes one space of its own. For the dashboard, which lays out its own
    /// spacing and cuts by display width; what is dropped is exactly what ``sanitize(_:maxLength:)``
    /// drops, so every output shows a hostile string the same way.
    public static func clean(_ text: String) -> String {
        var scanner = Scanner(collapsesSpaces: false)
        for scalar in text.unicodeScalars { scanner.feed(scalar) }
        return scanner.finish()
    }

    /// Whether `scalar` would be removed or replaced by `sanitize(_:maxLength:)` (a zero-width
    /// joiner counts as unsafe: it is kept only after an emoji).
    ///
    /// Exposed so tests (and callers that check rather than clean) share one definition.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || isBidiControl(scalar) || isLineSeparator(scalar)
            || isInvisible(scalar, after: nil)
    }

    // MARK: - Character classes

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value)
    }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Invisible format characters (category Cf), bidi marks included; the zero-width joiner only
    /// when it does not follow an emoji (or the emoji presentation selector U+FE0F).
    static func isInvisible(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar?) -> Bool {
        let value = scalar.value
        guard value >= 0xAD else { return false }
        if value == 0x200D {
            guard let previous else { return true }
            return !(previous.value == 0xFE0F || (previous.value > 0x7F && previous.properties.isEmoji))
        }
        return scalar.properties.generalCategory == .format
    }

    static func isLineSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// Controls that separate words: they become a space rather than vanishing.
    static func isSpacing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    // MARK: - Truncation

    /// Cuts `text` to `limit` characters ending in `…`; `force` when the input was already cut
    /// short, so the ellipsis shows even if what is left fits.
    static func truncate(_ text: String, to limit: Int, force: Bool = false) -> String {
        guard force || text.count > limit else { return text }
        var cut = String(text.prefix(limit - 1))
        while cut.last == " " { cut.removeLast() }
        return cut + "…"
    }
}
