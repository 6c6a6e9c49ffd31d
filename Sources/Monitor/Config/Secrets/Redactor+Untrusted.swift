extension Redactor {
    /// The longest text, in characters, that ``scrub(_:maxLength:)`` redacts before cutting to
    /// length: libcurl's header lines are at most 100 KiB, so a reason phrase fits whole.
    static let scrubWindow = 128 * 1024

    /// Server- or libcurl-supplied text made safe for every output: sanitised (see
    /// ``TextSanitizer``), every known secret replaced by its placeholder, then cut to `maxLength`
    /// characters.
    ///
    /// Redaction runs after sanitising, so escape sequences or controls a server puts inside an
    /// echoed secret cannot split it past the matcher, and before cutting, so the cut can never
    /// leave the first half of a secret. When even the window was cut, its tail is dropped by as
    /// much as the longest encoded secret could span, for the same reason.
    public func scrub(_ text: String, maxLength: Int = TextSanitizer.defaultMaxLength) -> String {
        let limit = max(1, maxLength)
        var (clean, cut) = TextSanitizer.cleaned(text, limit: max(limit, Self.scrubWindow))
        clean = redact(clean)
        if cut {
            clean = String(clean.dropLast(longestSecret * 6))
        }
        return TextSanitizer.truncate(clean, to: limit, force: cut)
    }
}
