/// The `Dashboard` module. See docs/ARCHITECTURE.md for its place in the data flow.
public enum DashboardModule {
    /// The module's name, used in log labels.
    public static let name = "Dashboard"
}
