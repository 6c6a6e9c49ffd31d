/// What a successful probe looks like (`expect:`).
public struct ExpectSpec: Sendable, Hashable {
    /// Accepted status codes (`status: ["200-299"]`).
    public var status: [StatusRange]
    /// Text the body must contain.
    public var bodyContains: String?
    /// An ICU regular expression (NSRegularExpression syntax) the body must match somewhere.
    public var bodyRegex: String?
    /// A probe slower than this is a failure of kind `slow`, even with a good status.
    public var maxLatency: Duration?
    /// Conditions on a JSON body (`json:`), all of which must hold.
    public var json: [JSONAssertion] = []
    /// The server's certificate must stay valid at least this long (`cert_valid_for`), else the
    /// probe fails with kind `cert_expiring`.
    public var certValidFor: Duration? = nil

    /// Creates an expectation; the defaults accept any 2xx.
    public init(
        status: [StatusRange] = [.success], bodyContains: String? = nil, bodyRegex: String? = nil,
        maxLatency: Duration? = nil
    ) {
        self.status = status
        self.bodyContains = bodyContains
        self.bodyRegex = bodyRegex
        self.maxLatency = maxLatency
    }

    /// Whether `status` is one of the accepted codes.
    public func accepts(status code: Int) -> Bool { status.contains { $0.contains(code) } }
}
