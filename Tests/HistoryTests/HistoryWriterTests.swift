import ChaosServer
import Foundation
import Monitor
import Testing

@testable import History

/// The writer recording a real engine probing a real ChaosServer on 127.0.0.1.
@Suite struct HistoryWriterTests {
    static func yaml(_ server: ChaosServer) -> String {
        """
        refresh: 50ms
        defaults:
          interval: 100ms
          timeout: 1s
          breaker: { failure_threshold: 3, recovery_timeout: 30s }
          retry: { max_tries: 1 }
        endpoints:
          - { name: checkout, group: shop, url: "\(server.url(for: "/outage/checkout"))" }
          - { name: catalog, group: shop, url: "\(server.url(for: "/status/200"))" }
        """
    }

    @Test func recordsAnOutageAnOperatorResetAndTheCounts() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("h.db").path
        let server = try await ChaosServer.start(seed: 1)
        let config = try ConfigLoader(environment: [:]).parse(yaml: Self.yaml(server), sourcePath: "t.yaml")
        let engine = Engine(
            config: config, options: EngineOptions(source: "t.yaml", refresh: .milliseconds(50)))
        engine.start()
        let store = try HistoryStore.openForWriting(path: path, policy: .init(bucketSeconds: 1))
        let writer = HistoryWriter(
            store: store, source: engine, options: .init(sampleInterval: .milliseconds(100))
        ) { _ in }
        let started = Date()
        server.setOutage("checkout", on: true)
        let opened = await eventually {
            engine.latest().endpoints.first { $0.name == "checkout" }?.breaker.state == .open
        }
        #expect(opened)
        engine.send(ControlCommand(.reset, .endpoint("checkout")))
        server.setOutage("checkout", on: false)
        // Written within a sample or two: visible to a reader while the writer runs.
        let recorded = try await eventually {
            let reader = try HistoryStore.openForReading(path: path)
            return try !reader.report(HistoryQuery(from: started, to: Date().addingTimeInterval(1))).actions
                .isEmpty
        }
        #expect(recorded)
        await writer.stop()
        await engine.stop()
        try await server.stop()

        let reader = try HistoryStore.openForReading(path: path)
        let report = try reader.report(
            HistoryQuery(from: started.addingTimeInterval(-1), to: Date().addingTimeInterval(1)))
        let opening = try #require(report.transitions.first { $0.endpoint == "checkout" && $0.to == "open" })
        #expect(opening.from == "closed")
        #expect(opening.group == "shop")
        #expect(opening.reason.contains("3"))
        #expect(opening.errorKind == "status")
        #expect(
            report.transitions.contains {
                $0.endpoint == "checkout" && $0.from == "open" && $0.to == "closed"
            })
        let action = try #require(report.actions.first)
        #expect(action.who == "local user")
        #expect(action.action == "reset")
        #expect(action.endpoint == "checkout")
        #expect(action.at >= opening.at)
        let checkout = try #require(report.endpoints.first { $0.name == "checkout" })
        #expect(checkout.failed >= 3)
        #expect(checkout.trips == 1)
        #expect(checkout.downtimeSeconds > 0)
        let catalog = try #require(report.endpoints.first { $0.name == "catalog" })
        #expect(catalog.succeeded > 0)
        #expect(catalog.failed == 0)
        // The clean stop is marked, and the final flush wrote the open bucket.
        #expect(report.runs.count == 1 && report.runs.first?.stopped != nil)
        #expect(writer.counters.rowsWritten > 0)
        #expect(writer.counters.batchesFailed == 0)
    }

    /// A full queue drops the oldest batches' buckets, keeps their transitions, and counts it.
    @Test func aFullQueueDropsOldestBucketsNotTransitions() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("h.db").path
        let store = try HistoryStore.openForWriting(path: path)
        // Hold the database's write lock so the writer thread cannot drain the queue.
        let blocker = try SQLiteConnection(path: path, readOnly: false)
        try blocker.execute("BEGIN EXCLUSIVE")
        let source = FixedSource()
        let writer = HistoryWriter(
            store: store, source: source, options: .init(sampleInterval: .seconds(3_600), queueCapacity: 4)
        ) { _ in }
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<40 {
            writer.enqueue(
                HistoryBatch(
                    transitions: [
                        HistoryTransition(
                            at: at.addingTimeInterval(Double(index)), endpoint: "e\(index)", group: nil,
                            from: "closed", to: "open", reason: "r")
                    ],
                    buckets: [bucket("e\(index)", start: 1_800_000_000 + Int64(index) * 10)]))
        }
        #expect(writer.counters.bucketsDropped > 0)
        try blocker.execute("ROLLBACK")
        await writer.stop()
        let reader = try HistoryStore.openForReading(path: path)
        let kept = try reader.db.scalar("SELECT count(*) FROM buckets")
        #expect(try reader.db.scalar("SELECT count(*) FROM transitions") == 40)
        #expect(Int(kept) + writer.counters.bucketsDropped == 40)
    }
}

/// A snapshot source with nothing in it, for tests that feed the writer directly.
final class FixedSource: SnapshotSource {
    func latest() -> Snapshot {
        Snapshot(
            source: "fixed", generatedAt: Date(), uptime: .zero, scheduler: SchedulerSnapshot(),
            endpoints: [], rateLimits: [])
    }
    func events(after sequence: UInt64) -> [Event] { [] }
    func send(_ command: ControlCommand) {}
}
