import ChaosServer
import NIOCore
import NIOPosix
import Testing

@Suite("ChaosBlackhole")
struct ChaosBlackholeTests {
    @Test("connects to the blackhole neither succeed nor get refused: they time out")
    func connectTimesOut() async throws {
        let hole = try ChaosBlackhole.start()
        defer { hole.stop() }
        let started = ContinuousClock.now
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(200))
        await #expect(throws: ChannelError.connectTimeout(.milliseconds(200))) {
            let channel = try await bootstrap.connect(host: "127.0.0.1", port: hole.port).get()
            try await channel.close()
        }
        #expect(ContinuousClock.now - started >= .milliseconds(200))
    }

    @Test("after stop() the port refuses instead")
    func stopRefuses() async throws {
        let hole = try ChaosBlackhole.start()
        let port = hole.port
        hole.stop()
        await #expect(throws: (any Error).self) { try await RawConnection.open(port: port) }
    }
}
