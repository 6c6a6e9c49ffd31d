public import Foundation
import Monitor
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The agent's control API server: the ``AgentRouter``'s routes over HTTP/1.1 on every
/// configured address (Unix sockets, TCP), and the ``StreamHub`` feeding attached screens.
///
/// SwiftNIO on one event-loop thread of its own, apart from the prober's loop and the metrics
/// listener: a screen that misbehaves costs this thread, never a probe.
public final class AgentServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channels: [any Channel]
    private let sockets: [(file: ControlSocketFile, inode: UInt64)]
    private let hub: StreamHub

    /// The addresses actually bound (TCP with its real port when 0 was asked for).
    public let boundAddresses: [ControlAddress]
    /// What preparing the socket directories changed (a stale socket replaced, a directory
    /// tightened): for the log and standard error.
    public let notes: [String]

    /// Screens (stream clients) attached now.
    public var screens: Int { hub.count }

    private init(
        group: MultiThreadedEventLoopGroup, channels: [any Channel], sockets: [(ControlSocketFile, UInt64)],
        hub: StreamHub, boundAddresses: [ControlAddress], notes: [String]
    ) {
        self.group = group
        self.channels = channels
        self.sockets = sockets.map { (file: $0.0, inode: $0.1) }
        self.hub = hub
        self.boundAddresses = boundAddresses
        self.notes = notes
    }

    /// Prepares and binds every address and starts serving `engine`.
    ///
    /// - Throws: ``AgentStartError`` saying what is wrong (a second agent on the socket, an
    ///   address in use, a directory that is not ours); nothing is left running or bound.
    public static func start(engine: any AgentEngine, configuration: AgentConfiguration) async throws
        -> AgentServer
    {
        try configuration.validate()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let listen = Mutex<[String]>([])
        let hub = StreamHub(engine: engine) { screens in
            let info = Self.info(engine, configuration, listen: listen.withLock { $0 }, screens: screens)
            return Array(AgentRouter.json(200, HelloLine(agent: info)).bytes.dropLast())
        }
        let router = AgentRouter(engine: engine, tokens: configuration.tokens) { [weak hub] in
            Self.info(engine, configuration, listen: listen.withLock { $0 }, screens: hub?.count ?? 0)
        }
        var channels: [any Channel] = []
        var sockets: [(ControlSocketFile, UInt64)] = []
        var bound: [ControlAddress] = []
        var notes: [String] = []
        do {
            for address in configuration.addresses {
                let bootstrap = Self.bootstrap(
                    group: group, router: router, hub: hub, configuration: configuration,
                    isUnix: { if case .unix = address { true } else { false } }())
                switch address {
                case .unix(let path):
                    let file = ControlSocketFile(path: path, group: configuration.group)
                    notes += try file.prepare()
                    let saved = umask(0o177)
                    let channel: any Channel
                    do {
                        channel = try await bootstrap.bind(
                            unixDomainSocketPath: path, cleanupExistingSocketFile: false
                        )
                        .get()
                    } catch {
                        umask(saved)
                        throw AgentStartError("cannot listen on unix:\(path): \(error)")
                    }
                    umask(saved)
                    channels.append(channel)
                    sockets.append((file, UInt64(try file.secure())))
                    bound.append(address)
                case .tcp(let tcp):
                    let channel: any Channel
                    do {
                        channel = try await bootstrap.bind(host: tcp.host, port: tcp.port).get()
                    } catch {
                        throw AgentStartError("cannot listen on \(tcp): \(error)")
                    }
                    channels.append(channel)
                    bound.append(.tcp(.init(host: tcp.host, port: channel.localAddress?.port ?? tcp.port)))
                }
            }
        } catch {
            for channel in channels { try? await channel.close() }
            for (file, inode) in sockets { file.remove(inode: ino_t(inode)) }
            try? await group.shutdownGracefully()
            throw error
        }
        listen.withLock { $0 = bound.map(\.description) }
        hub.start()
        return AgentServer(
            group: group, channels: channels, sockets: sockets, hub: hub, boundAddresses: bound, notes: notes)
    }

    /// Stops the stream, closes every connection and listener, removes the socket files (only if
    /// they are still ours) and joins the event-loop thread.
    public func stop() async {
        hub.stop()
        for channel in channels { try? await channel.close() }
        for (file, inode) in sockets { file.remove(inode: ino_t(inode)) }
        try? await group.shutdownGracefully()
    }

    private static func bootstrap(
        group: MultiThreadedEventLoopGroup, router: AgentRouter, hub: StreamHub,
        configuration: AgentConfiguration,
        isUnix: Bool
    ) -> ServerBootstrap {
        let limit = configuration.streamBufferBytes
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let peer: EventLoopFuture<AgentPeer> =
                    isUnix
                    ? PeerCredentials.peer(of: channel)
                    : channel.eventLoop.makeSucceededFuture(
                        .tcp(remote: channel.remoteAddress.map(Self.describe) ?? "unknown"))
                return peer.flatMapThrowing { peer in
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
                    try pipeline.addHandler(
                        AgentHTTPHandler(router: router, hub: hub, peer: peer, streamBufferBytes: limit))
                }
            }
    }

    /// `HOST:PORT` of a TCP peer.
    private static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        let port = address.port.map { ":\($0)" } ?? ""
        return host.contains(":") ? "[\(host)]\(port)" : host + port
    }

    static func info(
        _ engine: any AgentEngine, _ configuration: AgentConfiguration, listen: [String], screens: Int
    ) -> AgentInfo {
        AgentInfo(
            pid: configuration.pid, version: configuration.version, startedAt: configuration.startedAt,
            source: engine.latest().source, listen: listen, screens: screens,
            refreshSeconds: engine.refresh.seconds)
    }
}

/// The stream's first line: `{"agent":{…},"type":"hello"}`.
struct HelloLine: Encodable {
    var agent: AgentInfo
    var type = "hello"
}
