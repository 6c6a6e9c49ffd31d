/// The config's `history:` section: where the history database lives, how long it keeps data and
/// how wide its buckets are (docs/HISTORY.md).
public struct HistorySpec: Sendable, Hashable {
    /// The database file (`~` is not expanded); `nil` means the default under the state directory.
    public var file: String?
    /// Delete everything older than this (default 7 days).
    public var retention: Duration
    /// The width of the per-endpoint buckets written (default 10 s; divides a minute).
    public var bucket: Duration

    /// Creates a spec with the defaults.
    public init(
        file: String? = nil, retention: Duration = .seconds(7 * 86_400), bucket: Duration = .seconds(10)
    ) {
        self.file = file
        self.retention = retention
        self.bucket = bucket
    }
}
