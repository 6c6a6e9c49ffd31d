/// The `Probe` module. See ../shared/ARCHITECTURE.md for its place in the data flow.
public enum ProbeModule {
    /// The module's name, used in log labels.
    public static let name = "Probe"
}
