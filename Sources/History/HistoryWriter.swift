public import Foundation
public import Monitor
import Synchronization

/// Records an engine's history: a sampler reads the published snapshot and new events once a
/// second (on the concurrency pool, never on the probe loop) and hands each sample's rows to one
/// writer thread through a bounded queue; the thread writes each batch in one transaction.
///
/// Probing never waits on the disk: when the queue is full the oldest batch's buckets are dropped
/// (its transitions, actions and notes are kept) and counted. When a write fails (disk full, file
/// unwritable) the batch is dropped, one ``Status/failing(_:)`` is reported, and writing resumes
/// with the next batch that succeeds (``Status/resumed(lostBatches:)``).
///
/// Loss on `kill -9`: the batches still queued (normally none: one a second, written at once)
/// and the open bucket's counters, at most one bucket (10 s); transitions and actions are
/// written within a second of happening.
public final class HistoryWriter: Sendable {
    /// What the writer reports to the operator (as an engine event and a log line).
    public enum Status: Sendable, Equatable {
        /// Writing failed; nothing more is reported until it works again.
        case failing(String)
        /// Writing works again after `lostBatches` were dropped.
        case resumed(lostBatches: Int)
    }

    /// Tuning, mostly for tests and benchmarks.
    public struct Options: Sendable {
        /// How often the sampler reads the engine.
        public var sampleInterval: Duration = .seconds(1)
        /// Batches queued at most before the oldest buckets are dropped.
        public var queueCapacity = 64

        /// The defaults: a sample a second, 64 batches of slack.
        public init(sampleInterval: Duration = .seconds(1), queueCapacity: Int = 64) {
            self.sampleInterval = sampleInterval
            self.queueCapacity = queueCapacity
        }
    }

    /// Counters for benchmarks and tests.
    public struct Counters: Sendable, Equatable {
        /// Batches committed.
        public var batchesWritten = 0
        /// Rows committed.
        public var rowsWritten = 0
        /// Batches lost to write errors.
        public var batchesFailed = 0
        /// Bucket rows dropped because the queue was full.
        public var bucketsDropped = 0
    }

    private struct Queue: Sendable {
        var batches: [HistoryBatch] = []
        var stopping = false
        var counters = Counters()
    }

    /// Hands the store, which is not `Sendable`, to the writer thread that owns it from then on.
    private final class StoreHandoff: @unchecked Sendable {
        let store: HistoryStore
        init(_ store: HistoryStore) { self.store = store }
    }

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let source: any SnapshotSource
    private let snapshot: @Sendable () -> Snapshot
    private let options: Options
    private let report: @Sendable (Status) -> Void
    private let recorder: Mutex<HistoryRecorder>
    private let sampler = Mutex<Task<Void, Never>?>(nil)
    /// The file being written.
    public let path: String

    /// Starts recording `source` into `store` (opened by the caller with
    /// ``HistoryStore/openForWriting(path:policy:now:)``, whose ownership passes to the writer).
    ///
    /// `snapshot` is how a sample reads the engine: by default `source.latest()`, which is free
    /// when something else (the dashboard) reads every refresh; a headless agent passes the
    /// engine's `publishNow()`, so each sample builds exactly one snapshot instead of up to two.
    public init(
        store: sending HistoryStore, source: any SnapshotSource, options: Options = Options(),
        snapshot: (@Sendable () -> Snapshot)? = nil, report: @escaping @Sendable (Status) -> Void
    ) {
        self.path = store.path
        self.source = source
        self.snapshot = snapshot ?? { [source] in source.latest() }
        self.options = options
        self.report = report
        self.recorder = Mutex(HistoryRecorder(bucketSeconds: store.policy.bucketSeconds))
        let handoff = StoreHandoff(store)
        let thread = Thread { [self] in
            self.drain(handoff.store)
            handoff.store.close()
            self.finished.signal()
        }
        thread.name = "ethotop-history"
        thread.start()
        let task = Task { [self] in
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: options.sampleInterval)
                } catch {
                    return
                }
                sampleOnce()
            }
        }
        sampler.withLock { $0 = task }
    }

    /// Reads the source once and queues what changed.
    public func sampleOnce() {
        let batch = recorder.withLock { recorder in
            recorder.sample(snapshot(), events: source.events(after: recorder.lastEventSequence))
        }
        enqueue(batch)
    }

    /// Queues rows made elsewhere (benchmarks, tests).
    public func enqueue(_ batch: HistoryBatch) {
        guard !batch.isEmpty else { return }
        queue.withLock { queue in
            if queue.batches.count >= options.queueCapacity, !queue.batches.isEmpty {
                let dropped = queue.batches.removeFirst()
                queue.counters.bucketsDropped += dropped.buckets.count + dropped.rateLimits.count
                var kept = HistoryBatch(
                    transitions: dropped.transitions, actions: dropped.actions, notes: dropped.notes)
                if !queue.batches.isEmpty {
                    kept.transitions += queue.batches[0].transitions
                    kept.actions += queue.batches[0].actions
                    kept.notes += queue.batches[0].notes
                    kept.buckets = queue.batches[0].buckets
                    kept.rateLimits = queue.batches[0].rateLimits
                    queue.batches[0] = kept
                } else {
                    queue.batches.append(kept)
                }
            }
            queue.batches.append(batch)
        }
        wake.signal()
    }

    /// What was written so far.
    public var counters: Counters { queue.withLock { $0.counters } }

    /// Stops sampling, records the open bucket, writes what is queued, and closes the file
    /// cleanly (the next start finds a clean stop).
    public func stop() async {
        let task = sampler.withLock { task in
            defer { task = nil }
            return task
        }
        guard let task else { return }
        task.cancel()
        await task.value
        let batch = recorder.withLock { recorder in
            recorder.flush(snapshot(), events: source.events(after: recorder.lastEventSequence))
        }
        enqueue(batch)
        queue.withLock { $0.stopping = true }
        wake.signal()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread { [finished] in
                finished.wait()
                continuation.resume()
            }
        }
    }

    /// The writer thread: takes every queued batch, writes them in one transaction, then does one
    /// small step of rollup and retention.
    private func drain(_ store: HistoryStore) {
        var failing = false
        var lost = 0
        while true {
            wake.wait()
            let (batches, stopping) = queue.withLock { queue in
                defer { queue.batches = [] }
                return (queue.batches, queue.stopping)
            }
            if !batches.isEmpty {
                var merged = HistoryBatch()
                for batch in batches {
                    merged.transitions += batch.transitions
                    merged.actions += batch.actions
                    merged.notes += batch.notes
                    merged.buckets += batch.buckets
                    merged.rateLimits += batch.rateLimits
                }
                do {
                    try store.write(merged)
                    try store.maintain()
                    queue.withLock {
                        $0.counters.batchesWritten += batches.count
                        $0.counters.rowsWritten += merged.rowCount
                    }
                    if failing {
                        failing = false
                        report(.resumed(lostBatches: lost))
                        lost = 0
                    }
                } catch {
                    lost += batches.count
                    queue.withLock { $0.counters.batchesFailed += batches.count }
                    if !failing {
                        failing = true
                        report(.failing("\(error)"))
                    }
                }
            }
            if stopping { return }
        }
    }
}
