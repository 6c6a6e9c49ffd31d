/// The `Probe` module. See docs/ARCHITECTURE.md for its place in the data flow.
public enum ProbeModule {
    /// The module's name, used in log labels.
    public static let name = "Probe"

    /// ethotop's version, sent in the default `User-Agent`.
    public static let version = "0.1.0"

    /// The default `User-Agent`: `ethotop/<version>`, so that operators can find probes in access logs.
    public static let userAgent = "ethotop/\(version)"
}
