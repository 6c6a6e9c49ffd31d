import Foundation
import Testing

@testable import History

/// The store on real SQLite files: schema, migrations, rollups, retention, refusals.
@Suite struct HistoryStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // a multiple of 600 s

    @Test func createsA0600FileInWALModeAtTheCurrentVersion() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("sub/history.db").path
        let store = try HistoryStore.openForWriting(path: path)
        #expect(try store.schemaVersion() == HistorySchema.currentVersion)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(
            atPath: (path as NSString).deletingLastPathComponent)
        #expect((directoryAttributes[.posixPermissions] as? Int) == 0o700)
        #expect(
            try store.db.scalar("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'") == 1)
        try store.write(HistoryBatch(buckets: [bucket("api", start: 0)]))
        store.close()
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            let mode =
                try FileManager.default.attributesOfItem(atPath: path + suffix)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(suffix)")
        }
    }

    @Test func writesAndReportsTransitionsActionsAndDowntime() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("h.db").path
        let clock = ManualClock(Self.t0.addingTimeInterval(600))
        let store = try HistoryStore.openForWriting(path: path, now: clock.function)
        let open = Self.t0.addingTimeInterval(100)
        let reset = Self.t0.addingTimeInterval(160)
        try store.write(
            HistoryBatch(
                transitions: [
                    HistoryTransition(
                        at: open, endpoint: "checkout", group: "shop", from: "closed", to: "open",
                        reason: "3 consecutive failures ≥ 3", consecutiveFailures: 3, failureRate: 0.5,
                        trips: 1,
                        errorKind: "connect_refused")
                ],
                actions: [
                    HistoryAction(
                        at: reset, who: "local user", action: "reset", target: "checkout",
                        endpoint: "checkout")
                ],
                buckets: [
                    bucket("checkout", start: 1_800_000_090, failed: 3),
                    bucket("checkout", start: 1_800_000_100, ok: 0, failed: 5),
                    bucket("catalog", start: 1_800_000_090),
                ]))
        try store.write(
            HistoryBatch(transitions: [
                HistoryTransition(
                    at: reset, endpoint: "checkout", group: "shop", from: "open", to: "closed",
                    reason: "reset by operator")
            ]))
        store.close()

        let reader = try HistoryStore.openForReading(path: path, now: clock.function)
        let report = try reader.report(HistoryQuery(from: Self.t0, to: Self.t0.addingTimeInterval(600)))
        #expect(report.transitions.map(\.to) == ["open", "closed"])
        #expect(report.transitions.first?.errorKind == "connect_refused")
        #expect(
            report.actions == [
                HistoryAction(
                    at: reset, who: "local user", action: "reset", target: "checkout", endpoint: "checkout")
            ])
        let checkout = try #require(report.endpoints.first { $0.name == "checkout" })
        #expect(checkout.downtimeSeconds == 60)
        #expect(checkout.trips == 1)
        #expect(checkout.failed == 8)
        #expect(checkout.succeeded == 10)
        #expect(checkout.stateAtEnd == "closed")
        #expect(checkout.firstFailure?.at == Date(timeIntervalSince1970: 1_800_000_090))
        #expect(checkout.firstFailure?.kind == "timeout")
        #expect(report.endpoints.first { $0.name == "catalog" }?.failed == 0)
        // One endpoint only, and a group nobody is in.
        #expect(
            try reader.report(HistoryQuery(from: Self.t0, to: clock.now(), endpoint: "catalog")).transitions
                .isEmpty)
        #expect(
            try reader.report(HistoryQuery(from: Self.t0, to: clock.now(), group: "nope")).endpoints.isEmpty)
        // A window starting mid-outage counts downtime from the window's start.
        let late = try reader.report(HistoryQuery(from: Self.t0.addingTimeInterval(130), to: clock.now()))
        #expect(late.endpoints.first { $0.name == "checkout" }?.downtimeSeconds == 30)
        let markdown = report.markdown()
        #expect(markdown.contains("local user ran reset on checkout"))
        #expect(markdown.contains("| checkout | shop | 1m 00s | 1 |"))
        #expect(markdown.contains("closed → open"))
    }

    @Test func rollsUpTenSecondBucketsToMinutesThenTenMinutes() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("h.db").path
        let base: Int64 = 1_800_000_000
        let clock = ManualClock(Date(timeIntervalSince1970: Double(base)))
        let policy = HistoryStore.Policy(
            bucketSeconds: 10, rawFor: .seconds(120), minutesFor: .seconds(1_200), retention: .seconds(7_200))
        let store = try HistoryStore.openForWriting(path: path, policy: policy, now: clock.function)
        // 20 minutes of 10 s buckets for two endpoints, with one slow bucket.
        var buckets: [HistoryBucket] = []
        for step in Int64(0)..<120 {
            buckets.append(bucket("a", start: base + step * 10, ok: 9, failed: 1, p99: step == 7 ? 900 : 5))
            buckets.append(bucket("b", start: base + step * 10))
        }
        try store.write(HistoryBatch(buckets: buckets))
        // Nothing is old enough yet.
        #expect(try store.maintain().isIdle)
        clock.advance(1_200 + 120)
        while try store.maintain().windowsRolledUp > 0 {}
        #expect(try store.db.scalar("SELECT count(*) FROM buckets WHERE width = 10") == 0)
        #expect(try store.db.scalar("SELECT count(*) FROM buckets WHERE width = 60") == 40)
        // Later: minutes older than 20 min become 10-minute buckets.
        clock.advance(1_200 + 600)
        while try store.maintain().windowsRolledUp > 0 {}
        #expect(try store.db.scalar("SELECT count(*) FROM buckets WHERE width = 60") == 0)
        #expect(try store.db.scalar("SELECT count(*) FROM buckets WHERE width = 600") == 4)
        // Counts survive both rollups; the slow bucket's p99 is kept as the maximum.
        #expect(
            try store.db.scalar(
                "SELECT sum(ok) FROM buckets b JOIN endpoints e ON e.id = b.endpoint WHERE e.name = 'a'")
                == 1_080)
        #expect(try store.db.scalar("SELECT sum(failed) FROM buckets") == 120)
        #expect(try store.db.scalar("SELECT max(p99) FROM buckets WHERE start = \(base)") == 900_000)
        let report = try store.report(
            HistoryQuery(from: Date(timeIntervalSince1970: Double(base)), to: clock.now()))
        #expect(report.endpoints.first { $0.name == "a" }?.succeeded == 1_080)
    }

    @Test func retentionDeletesOldRowsInSmallSteps() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("h.db").path
        let base: Int64 = 1_800_000_000
        let clock = ManualClock(Date(timeIntervalSince1970: Double(base)))
        let policy = HistoryStore.Policy(
            bucketSeconds: 10, rawFor: .seconds(86_400), minutesFor: .seconds(86_400),
            retention: .seconds(3_600))
        let store = try HistoryStore.openForWriting(path: path, policy: policy, now: clock.function)
        // Three hours of buckets and a transition at the start.
        try store.write(
            HistoryBatch(
                transitions: [
                    HistoryTransition(
                        at: Date(timeIntervalSince1970: Double(base)), endpoint: "a", group: nil,
                        from: "closed", to: "open",
                        reason: "r")
                ],
                buckets: (Int64(0)..<1_080).map { bucket("a", start: base + $0 * 10) }))
        clock.advance(3 * 3_600)
        let first = try store.maintain()
        // One step deletes at most an hour of buckets (with its hourly total, and the transition).
        #expect(first.rowsDeleted == 360 + 1 + 1)
        while try store.maintain().rowsDeleted > 0 {}
        let oldest = try store.db.scalar("SELECT min(start) FROM buckets")
        #expect(oldest >= base + 2 * 3_600)
        #expect(try store.db.scalar("SELECT count(*) FROM buckets") == 360)
        #expect(try store.db.scalar("SELECT count(*) FROM transitions") == 0)
        #expect(try store.db.scalar("SELECT count(*) FROM hours") == 1)
    }

    /// A database written by the first schema, by hand, is migrated with its rows kept.
    @Test func migratesAVersionOneDatabase() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.db").path
        do {
            FileManager.default.createFile(
                atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            let db = try SQLiteConnection(path: path, readOnly: false)
            try db.execute(HistorySchema.migrations[0])
            try db.execute(
                """
                PRAGMA application_id = \(HistorySchema.applicationID); PRAGMA user_version = 1;
                INSERT INTO endpoints(id, name, grp) VALUES(1, 'legacy', 'old');
                INSERT INTO transitions(at, endpoint, from_state, to_state, reason, failures, failure_rate, trips)
                  VALUES(1800000000000, 1, 'closed', 'open', 'v1 row', 5, NULL, 1);
                INSERT INTO runs(started, last_write, stopped, pid) VALUES(1800000000000, 1800000001000, 1800000001000, 1);
                INSERT INTO buckets VALUES(10, 1800000000, 1, 5, 2, 0, 0, 0, 1000, 2000, 3000, 4000, 0);
                """)
        }
        let store = try HistoryStore.openForWriting(path: path)
        #expect(try store.schemaVersion() == HistorySchema.currentVersion)
        #expect(store.uncleanPrevious == nil)
        let report = try store.report(
            HistoryQuery(
                from: Date(timeIntervalSince1970: 1_799_999_000),
                to: Date(timeIntervalSince1970: 1_800_001_000)))
        #expect(report.transitions.map(\.reason) == ["v1 row"])
        #expect(report.transitions.first?.errorKind == nil)
        // The hourly totals added by version 3 were filled from the old buckets.
        #expect(try store.db.scalar("SELECT failed FROM hours WHERE start = 1800000000") == 2)
        #expect(report.endpoints.first?.failed == 2)
        // The new table and columns exist.
        try store.write(
            HistoryBatch(rateLimits: [
                HistoryRateLimitBucket(name: "p", start: 0, width: 10, depthMax: 3, peak: 4, rejected: 1)
            ]))
        #expect(try store.db.scalar("SELECT depth_max FROM rate_limits") == 3)
    }

    @Test func refusesANewerSchema() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("new.db").path
        do {
            let store = try HistoryStore.openForWriting(path: path)
            try store.db.execute("PRAGMA user_version = 99")
            store.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(
            throws: HistoryFileError.newerSchema(path, found: 99, supported: HistorySchema.currentVersion)
        ) {
            try HistoryStore.openForWriting(path: path)
        }
        #expect(
            throws: HistoryFileError.newerSchema(path, found: 99, supported: HistorySchema.currentVersion)
        ) {
            try HistoryStore.openForReading(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func refusesSymlinksDirectoriesFIFOsAndForeignFiles() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("target.db").path
        _ = try HistoryStore.openForWriting(path: target)
        let link = directory.appendingPathComponent("link.db").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(throws: HistoryFileError.symlink(link)) { try HistoryStore.openForWriting(path: link) }
        #expect(throws: HistoryFileError.symlink(link)) { try HistoryStore.openForReading(path: link) }

        let folder = directory.appendingPathComponent("folder").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect(throws: HistoryFileError.notRegularFile(folder, kind: "directory")) {
            try HistoryStore.openForWriting(path: folder)
        }
        let fifo = directory.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: HistoryFileError.notRegularFile(fifo, kind: "FIFO")) {
            try HistoryStore.openForWriting(path: fifo)
        }

        // Text, a truncated header, and another program's SQLite database: refused, untouched.
        let text = directory.appendingPathComponent("notes.txt").path
        try Data("my precious notes\n".utf8).write(to: URL(fileURLWithPath: text))
        let other = directory.appendingPathComponent("other.db").path
        do {
            FileManager.default.createFile(atPath: other, contents: nil)
            let db = try SQLiteConnection(path: other, readOnly: false)
            try db.execute("CREATE TABLE cookies(name TEXT); INSERT INTO cookies VALUES('x')")
        }
        let corrupt = directory.appendingPathComponent("corrupt.db").path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: target))
        bytes.replaceSubrange(100..<bytes.count, with: Data(repeating: 0xA5, count: bytes.count - 100))
        try bytes.write(to: URL(fileURLWithPath: corrupt))
        for path in [text, other, corrupt] {
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(throws: HistoryFileError.self) { try HistoryStore.openForWriting(path: path) }
            do {
                _ = try HistoryStore.openForWriting(path: path)
            } catch {
                guard case .foreign = error else {
                    Issue.record("\(path): \(error)")
                    continue
                }
                #expect(error.description.contains("not an ethotop history database"))
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "\(path) was modified")
        }
    }

    @Test func oneWriterAtATimeAndAnUncleanStopIsDetected() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("h.db").path
        let clock = ManualClock(Self.t0)
        let first = try HistoryStore.openForWriting(path: path, now: clock.function)
        #expect(throws: HistoryFileError.busy(path)) { try HistoryStore.openForWriting(path: path) }
        clock.advance(5)
        try first.write(HistoryBatch(buckets: [bucket("a", start: 0)]))
        // Not closed: as if killed. (Releasing the lock is what the kernel does at exit.)
        let lastWrite = clock.now()
        withExtendedLifetime(first) {}
        _ = consume first
        clock.advance(60)
        let second = try HistoryStore.openForWriting(path: path, now: clock.function)
        #expect(second.uncleanPrevious == HistoryStore.PreviousRun(started: Self.t0, lastWrite: lastWrite))
        second.close()
        let third = try HistoryStore.openForWriting(path: path, now: clock.function)
        #expect(third.uncleanPrevious == nil)
    }
}
