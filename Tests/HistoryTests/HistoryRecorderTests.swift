import Foundation
import Monitor
import Resilience
import Testing

@testable import History

/// The recorder as a pure state machine: snapshots in, rows out.
@Suite struct HistoryRecorderTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func snapshot(
        at second: Double, succeeded: Int, failed: Int = 0, state: BreakerState = .closed,
        timeline: [TransitionRecord] = [], errors: [ErrorRecord] = []
    ) -> Snapshot {
        Snapshot(
            source: "t", generatedAt: t0.addingTimeInterval(second), uptime: .zero,
            scheduler: SchedulerSnapshot(),
            endpoints: [
                EndpointSnapshot(
                    name: "api", group: "g", displayURL: "http://127.0.0.1/",
                    breaker: BreakerView(
                        state: state, consecutiveFailures: failed, trips: timeline.count, timeline: timeline),
                    requests: RequestCounters(succeeded: succeeded, failed: failed), recentErrors: errors)
            ],
            rateLimits: [
                RateLimitSnapshot(
                    name: "p", calls: 1, period: .seconds(1), permitsAvailable: 0,
                    queueDepth: Int(second) % 4,
                    queuePeak: 3, maxQueue: 4, timeToNextPermit: .zero, waitP99Ms: 0, rejected: Int(second))
            ])
    }

    @Test func bucketsAreCounterDifferencesClosedAtTheirEdge() {
        var recorder = HistoryRecorder(bucketSeconds: 10)
        #expect(recorder.sample(Self.snapshot(at: 1, succeeded: 1), events: []).buckets.isEmpty)
        #expect(recorder.sample(Self.snapshot(at: 9, succeeded: 9), events: []).buckets.isEmpty)
        let first = recorder.sample(Self.snapshot(at: 10, succeeded: 10), events: [])
        #expect(first.buckets.map(\.succeeded) == [10])
        #expect(first.buckets.first?.start == 1_800_000_000)
        #expect(first.rateLimits.first?.rejected == 10)
        #expect(first.rateLimits.first?.depthMax == 2)
        let second = recorder.sample(Self.snapshot(at: 20, succeeded: 18, failed: 2), events: [])
        #expect(second.buckets.map(\.succeeded) == [8])
        #expect(second.buckets.map(\.failed) == [2])
        #expect(second.buckets.first?.start == 1_800_000_010)
        // A reload restarts the endpoint's counters: the next bucket counts from zero.
        let reloaded = recorder.sample(Self.snapshot(at: 30, succeeded: 4), events: [])
        #expect(reloaded.buckets.map(\.succeeded) == [4])
        // A clean stop writes the open bucket.
        let flushed = recorder.flush(Self.snapshot(at: 33, succeeded: 7), events: [])
        #expect(flushed.buckets.map(\.succeeded) == [3])
    }

    @Test func transitionsAreRecordedOnceFromTheTimeline() {
        var recorder = HistoryRecorder(bucketSeconds: 10)
        let opened = TransitionRecord(
            at: Self.t0.addingTimeInterval(2), from: .closed, to: .open, reason: "3 failures")
        let error = ErrorRecord(kind: .connectRefused, message: "refused", at: Self.t0.addingTimeInterval(2))
        let batch = recorder.sample(
            Self.snapshot(at: 3, succeeded: 0, failed: 3, state: .open, timeline: [opened], errors: [error]),
            events: [])
        #expect(batch.transitions.count == 1)
        #expect(batch.transitions.first?.errorKind == "connect_refused")
        #expect(batch.transitions.first?.consecutiveFailures == 3)
        #expect(
            recorder.sample(
                Self.snapshot(at: 4, succeeded: 0, failed: 3, state: .open, timeline: [opened]), events: []
            ).transitions.isEmpty)
        let closed = TransitionRecord(
            at: Self.t0.addingTimeInterval(5), from: .open, to: .closed, reason: "reset")
        let next = recorder.sample(
            Self.snapshot(at: 6, succeeded: 1, failed: 3, timeline: [opened, closed]), events: [])
        #expect(next.transitions.map(\.to) == ["closed"])
        // Seconds not closed are counted into the bucket, as sampled: open at 3 s and at 4 s.
        let bucket = recorder.sample(Self.snapshot(at: 10, succeeded: 2, failed: 3), events: []).buckets.first
        #expect(bucket?.downSeconds == 1)
        #expect(bucket?.errorKind == "connect_refused")
    }

    @Test func operatorActionsAndEventsBecomeRowsAndGapsAreCounted() {
        var recorder = HistoryRecorder()
        let events = [
            Event(
                sequence: 1, at: Self.t0, kind: .operatorAction(.reset), endpoint: "api",
                message: "operator: reset endpoint api"),
            Event(
                sequence: 2, at: Self.t0, kind: .reload(accepted: false), endpoint: nil, message: "bad config"
            ),
            Event(sequence: 5, at: Self.t0, kind: .error, endpoint: "api", message: "boom"),
        ]
        let batch = recorder.sample(Self.snapshot(at: 1, succeeded: 1), events: events)
        #expect(
            batch.actions == [
                HistoryAction(
                    at: Self.t0, who: "local user", action: "reset", target: "endpoint api", endpoint: "api")
            ])
        #expect(batch.notes.map(\.kind) == ["reload_rejected", "error"])
        #expect(recorder.lastEventSequence == 5)
        #expect(recorder.eventsMissed == 2)
    }
}
