import NIOCore
import NIOHTTP1
import NIOPosix
public import Resilience
import Synchronization

/// A loopback HTTP/1.1 server whose endpoints misbehave on purpose: the embedded demo's backend
/// and the fixture the probe and monitor tests run against.
///
/// Each behaviour is a path with query parameters (docs/CHAOS.md): `/ok`, `/delay?ms=200`,
/// `/flaky?p=0.3`, `/status/418`, `/outage/{name}`, `/ratelimited`, `/hang`, `/reset`, `/huge`,
/// `/escapes`, `/drip`, `/garbage` and more. Random choices are seeded per server and keyed by the
/// endpoint's own request index, so runs are reproducible. The server owns its event loop group:
/// `stop()` closes every connection (hanging ones included) and joins its threads.
public final class ChaosServer: Sendable {
    /// The bound port; with `port: 0` at start, the one the OS chose.
    public let port: Int
    /// The host the server listens on.
    public let host: String
    /// The scenario the server was started with, if any.
    public let scenario: ChaosScenario?

    private let group: MultiThreadedEventLoopGroup
    private let listener: any Channel
    private let state: ChaosState
    private let stopped = Mutex(false)

    private init(
        host: String, port: Int, scenario: ChaosScenario?, group: MultiThreadedEventLoopGroup,
        listener: any Channel, state: ChaosState
    ) {
        self.host = host
        self.port = port
        self.scenario = scenario
        self.group = group
        self.listener = listener
        self.state = state
    }

    /// Starts a server on `host:port` (port 0 lets the OS choose) and returns once it is accepting.
    ///
    /// - Parameters:
    ///   - seed: Every random behaviour (`/flaky`, `/delay?min=&max=`) derives from it.
    ///   - scenario: The named endpoints this server is meant to serve (kept for ``url(for:)``).
    ///   - clock: Read by outage schedules and rate-limit buckets; inject a `ManualClock` in tests.
    ///     Response delays and drips use real time.
    ///   - threads: Event-loop threads; one is plenty for loopback tests, the demo may want two.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, seed: UInt64 = 1, scenario: ChaosScenario? = nil,
        clock: any ResilienceClock = SystemClock(), threads: Int = 1
    ) async throws -> ChaosServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        let state = ChaosState(seed: seed, clock: clock)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
            .childChannelInitializer { channel in
                state.register(channel)
                return channel.eventLoop.makeCompletedFuture {
                    let decoder = ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes))
                    try channel.pipeline.syncOperations.addHandler(decoder)
                    try channel.pipeline.syncOperations.addHandler(ChaosHandler(state: state))
                }
            }
        do {
            let listener = try await bootstrap.bind(host: host, port: port).get()
            guard let bound = listener.localAddress?.port else {
                throw ChaosServerError.noLocalAddress
            }
            return ChaosServer(
                host: host, port: bound, scenario: scenario, group: group, listener: listener, state: state)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// `http://HOST:PORT`, with no trailing slash.
    public var baseURL: String {
        host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)"
    }

    /// The full URL of `path` (which starts with `/`), or of the scenario endpoint named `path`.
    public func url(for path: String) -> String {
        if !path.hasPrefix("/"), let endpoint = scenario?.endpoints.first(where: { $0.name == path }) {
            return baseURL + endpoint.path
        }
        return baseURL + path
    }

    /// Turns the scripted outage `name` on or off (`/outage/{name}` answers 503 while it is on).
    public func setOutage(_ name: String, on: Bool) {
        state.setOutage(name, on: on)
    }

    /// How many requests have arrived for `path` (exactly, without the query: `"/status/503"`).
    ///
    /// Counted when the request head arrives, so a `/hang` request counts although it is never answered.
    public func requestCount(path: String) -> Int {
        state.requestCount(path: path)
    }

    /// Connections accepted since start: lets tests observe connection reuse from the server side.
    public var acceptedConnections: Int { state.acceptedConnections }

    /// Connections open right now: lets tests check that a client released its connections.
    public var openConnections: Int { state.openChannels().count }

    /// The most response bytes any one connection has held in user space while streaming.
    ///
    /// Stays around one chunk (64 KiB) plus NIO's write-buffer high water mark however large the
    /// body: the evidence that `/huge` streams instead of buffering.
    public var peakBufferedBytes: Int { state.peakBufferedBytes }

    /// How often a streamed body paused because the client was not reading.
    public var writePauses: Int { state.writePauses }

    /// Stops accepting, closes every open connection (hanging ones too) and shuts the threads down.
    ///
    /// Idempotent; returns once the event loop threads have exited.
    public func stop() async throws {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        try? await listener.close()
        for channel in state.openChannels() { channel.close(promise: nil) }
        try await group.shutdownGracefully()
    }

    deinit {
        let wasStopped = stopped.withLock { $0 }
        if !wasStopped {
            // A test that forgot to stop must not leak threads: shut down in the background.
            group.shutdownGracefully { _ in }
        }
    }
}

/// Errors ``ChaosServer/start(host:port:seed:scenario:clock:threads:)`` can throw besides bind failures.
public enum ChaosServerError: Error, Equatable {
    /// The listening socket reported no local address.
    case noLocalAddress
}
