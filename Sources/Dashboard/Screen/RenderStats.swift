/// What a frame measured while drawing: content sizes for scrolling, and work done.
///
/// `endpointRowsRendered` exists so tests can assert that a 10,000-endpoint table draws only
/// the rows that fit, without timing anything.
public struct RenderStats: Sendable, Equatable {
    /// Endpoint rows drawn this frame.
    public var endpointRowsRendered = 0
    /// Lines of detail content, and how many fit.
    public var detailLines = 0, detailVisible = 0
    /// Rate limiters, and how many fit.
    public var rateLimitLines = 0, rateLimitVisible = 0
    /// Events held, and how many fit.
    public var eventLines = 0, eventVisible = 0
    /// Lines of help, and how many fit.
    public var helpLines = 0, helpVisible = 0

    /// Creates empty stats.
    public init() {}
}
