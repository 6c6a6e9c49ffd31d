/// A task executor that runs jobs on the prober's own loop thread.
///
/// Optional. By default a probe's caller runs on Swift's global pool, so every probe costs two
/// thread hand-offs (caller → loop to start, loop → pool to resume). Code that only drives probes
/// and does little, non-blocking work with each result can run on the loop instead:
///
/// ```swift
/// await withTaskExecutorPreference(prober.executor) {
///     // probes started here are handed in and resumed without waking another thread
/// }
/// ```
///
/// Jobs run between libcurl calls, never inside a libcurl callback. Anything that blocks there
/// (a lock held long, a blocking read, `sleep`) stalls every probe, so keep it to bookkeeping.
/// After ``Prober/shutdown()`` jobs are forwarded to the global executor.
public final class ProbeLoopExecutor: TaskExecutor {
    private let shared: ProbeLoopShared

    init(shared: ProbeLoopShared) { self.shared = shared }

    /// Queues `job` to run on the loop thread.
    public func enqueue(_ job: consuming ExecutorJob) {
        shared.enqueue(UnownedJob(job))
    }
}
