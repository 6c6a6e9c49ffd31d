/// Parses and formats byte sizes: `1MiB`, `512KiB`, `10MB`, `1024`, `1024B`, `1.5MiB`.
///
/// Binary units (`KiB`, `MiB`, `GiB`, `TiB`) are powers of 1024, decimal units (`KB`, `MB`, `GB`,
/// `TB`) powers of 1000, as in IEC 80000-13; units are case-insensitive because no other reading of
/// `mb` makes sense for a body limit. A bare number is bytes. One-letter units (`1M`) are rejected
/// with a hint: the reader cannot tell which of the two families was meant.
public enum SizeParser {
    static let units: [(name: String, bytes: Int64)] = [
        ("b", 1),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("tb", 1_000_000_000_000),
        ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30), ("tib", 1 << 40),
    ]

    /// Parses `text` into a non-negative number of bytes (fractions of a byte are dropped).
    public static func parse(_ text: String) throws(ConfigValueError) -> Int64 {
        let body = try ValueText.trimmed(text, what: "size", example: "1MiB")
        let shown = ValueText.quoted(body)
        if body.first == "-" {
            throw ConfigValueError("negative size \(shown)", hint: "sizes must be zero or more")
        }
        let number = body.prefix(while: { ($0.isASCII && $0.isNumber) || $0 == "." })
        let unitText = body[number.endIndex...].drop(while: { $0 == " " })
        guard let (whole, fraction) = ValueText.decimal(number) else {
            throw ConfigValueError(
                "invalid size \(shown)", hint: "write a number and a unit, e.g. 512KiB or 1MiB")
        }
        let unit: Int64
        if unitText.isEmpty {
            unit = 1
        } else if let found = units.first(where: { $0.name == unitText.lowercased() }) {
            unit = found.bytes
        } else {
            let letter = unitText.lowercased()
            let hint =
                ["k", "m", "g", "t"].contains(letter)
                ? "write \(number)\(letter.uppercased())iB (×1024) or \(number)\(letter.uppercased())B (×1000)"
                : "valid units: B, KiB, MiB, GiB, TiB, KB, MB, GB, TB"
            throw ConfigValueError("unknown unit \(ValueText.quoted(unitText)) in size \(shown)", hint: hint)
        }
        guard let bytes = ValueText.scaled(whole: whole, fraction: fraction, unit: unit) else {
            throw ConfigValueError("size \(shown) is too large", hint: "the largest size is about 8 EiB")
        }
        return bytes
    }

    /// Formats a size so that ``parse(_:)`` reads it back exactly: `1MiB`, `10MB`, `1536B`.
    public static func format(_ bytes: Int64) -> String {
        if bytes == 0 { return "0B" }
        let binary: [(String, Int64)] = [
            ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
        ]
        let decimal: [(String, Int64)] = [
            ("TB", 1_000_000_000_000), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000),
        ]
        for (name, size) in binary + decimal where bytes % size == 0 {
            return "\(bytes / size)\(name)"
        }
        return "\(bytes)B"
    }
}
