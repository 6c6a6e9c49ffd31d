import Foundation

/// The forms in which a secret may come back, beyond those ``SecretMatcher`` decodes on the fly.
///
/// The matcher already sees through percent-encoding, `+`, JSON and HTML escapes and letter case;
/// these are the forms it cannot compute byte by byte: a value decoded by the server (an
/// environment variable holding `a%2Fb` is echoed as `a/b`), the bare token of an
/// `Authorization`-style value, the parts of a Basic credential, the sanitised form of a value with
/// control characters, and the base64 of URL userinfo that libcurl sends as `Authorization: Basic`.
enum SecretForms {
    /// Derived forms shorter than this are not registered: they would redact ordinary words.
    static let minimumDerivedLength = 4

    /// Forms derived from `value` (without `value` itself).
    static func derived(from value: String) -> [String] {
        var forms: [String] = []
        func add(_ form: String?) {
            guard let form, form != value, form.utf8.count >= minimumDerivedLength, !forms.contains(form)
            else { return }
            forms.append(form)
        }
        if value.contains("%") { add(value.removingPercentEncoding) }
        if value.contains("+") {
            let spaced = value.replacingOccurrences(of: "+", with: " ")
            add(spaced)
            if value.contains("%") { add(spaced.removingPercentEncoding) }
        }
        add(TextSanitizer.sanitize(value, maxLength: max(1, value.count)))
        if let (scheme, token) = schemeAndToken(value) {
            add(token)
            if scheme.lowercased() == "basic", let decoded = base64Decoded(token) {
                add(decoded)
                if let colon = decoded.firstIndex(of: ":") {
                    add(String(decoded[decoded.index(after: colon)...]))
                }
            }
        }
        return forms
    }

    /// The base64 forms of `user:password` (as written and percent-decoded, padded and not), the
    /// credentials libcurl derives from a URL's userinfo.
    static func userinfo(user: String, password: String?) -> [String] {
        var pairs = ["\(user):\(password ?? "")"]
        let decodedUser = user.removingPercentEncoding ?? user
        let decodedPassword = password.map { $0.removingPercentEncoding ?? $0 } ?? ""
        pairs.append("\(decodedUser):\(decodedPassword)")
        var forms: [String] = []
        for pair in pairs {
            let encoded = Data(pair.utf8).base64EncodedString()
            let unpadded = String(encoded.prefix { $0 != "=" })
            for form in [encoded, unpadded] where !forms.contains(form) { forms.append(form) }
        }
        return forms
    }

    /// `Bearer abc` → (`Bearer`, `abc`): an auth scheme (letters only) and one token.
    private static func schemeAndToken(_ value: String) -> (String, String)? {
        let parts = value.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    private static func base64Decoded(_ token: String) -> String? {
        var padded = token
        while padded.utf8.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
