/// The `ChaosServer` module. See ../shared/ARCHITECTURE.md for its place in the data flow.
public enum ChaosServerModule {
    /// The module's name, used in log labels.
    public static let name = "ChaosServer"
}
