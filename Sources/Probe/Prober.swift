import CCurl
import Glibc
import Synchronization

/// Sends HTTP probes through libcurl's multi interface on one dedicated event-loop thread.
///
/// `probe(_:)` hands the request to the loop through a mutex-protected inbox and an eventfd wake-up,
/// and suspends; the loop runs every transfer with `curl_multi_socket_action` over epoll, reusing
/// easy handles and pooled connections, and resumes the caller with a ``ProbeResult`` or a typed
/// ``ProbeError``. Callers never touch a libcurl handle, so the type is `Sendable` and cheap to share.
///
/// Cancellation is immediate: cancelling the calling task removes the transfer from libcurl (closing
/// its connection) or from the admission queue, and `probe` throws `.cancelled`.
public final class Prober: Sendable {
    /// The limits this prober was created with.
    public let configuration: ProberConfiguration

    /// Runs tasks on the loop thread, for callers that want to skip the thread hop per probe.
    public let executor: ProbeLoopExecutor

    private let shared: ProbeLoopShared
    private let thread: Mutex<pthread_t?>
    private let nextID = Atomic<UInt64>(0)

    /// Starts the loop thread. If libcurl or the thread cannot start, every probe fails with
    /// `.cancelled` and the reason in its message (the failure is also visible in ``stats``).
    public init(configuration: ProberConfiguration = ProberConfiguration()) {
        self.configuration = configuration
        let shared = ProbeLoopShared()
        self.shared = shared
        let executor = ProbeLoopExecutor(shared: shared)
        self.executor = executor
        let initialised = CurlRuntime.initialised
        guard initialised == CURLE_OK else {
            shared.close(
                reason: "curl_global_init failed: \(String(cString: curl_easy_strerror(initialised)))")
            thread = Mutex(nil)
            return
        }
        let started = LoopThread.start(name: "ethotop-probe") {
            switch ProbeLoop.make(shared: shared, executor: executor, configuration: configuration) {
            case .success(let loop): loop.run()
            case .failure(let error):
                shared.close(reason: "prober could not start: \(error.message)")
                shared.drainAfterFailedStart()
            }
        }
        if started == nil { shared.close(reason: "prober could not start its thread") }
        thread = Mutex(started)
    }

    deinit { shutdown() }

    /// Sends `request` and waits for the response.
    ///
    /// Throws rather than returning an error field so that callers cannot forget to look: a
    /// ``ProbeResult`` always means an HTTP response arrived (any status). Cancelling the calling
    /// task ends the probe at once with `.cancelled`. With ``ProbeRequest/followRedirects`` on,
    /// redirects are followed here, one transfer per hop (see ``RedirectStep``).
    ///
    /// - Parameter queueTimeout: how long the request (each hop of it) may wait for a connection
    ///   when the pool is full (``ProberConfiguration/maxConnections``); past it the probe fails
    ///   with `.poolWaitTimeout` and never reaches its server. `nil` waits as long as it takes.
    ///   Once admitted, the request's own ``ProbeRequest/timeout`` (libcurl's) applies.
    public func probe(
        _ request: ProbeRequest, queueTimeout: Duration? = nil
    ) async throws(ProbeError) -> ProbeResult {
        guard request.followRedirects else { return try await transfer(request, queueTimeout: queueTimeout) }
        return try await followingRedirects(request, queueTimeout: queueTimeout)
    }

    /// One transfer, exactly as `request` says (libcurl never follows a redirect itself).
    func transfer(_ request: ProbeRequest, queueTimeout: Duration?) async throws(ProbeError) -> ProbeResult {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let shared = self.shared
        let outcome = await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Submission.Outcome, Never>) in
                let submission = Submission(
                    id: id, request: request, submittedAt: MonotonicClock.nanoseconds(),
                    queueTimeout: queueTimeout, continuation: continuation,
                    fromLoopThread: shared.isLoopThread)
                if let refusal = shared.submit(submission) {
                    continuation.resume(returning: .failure(refusal))
                }
            }
        } onCancel: {
            shared.cancel(id)
        }
        return try outcome.get()
    }

    /// Stops the loop: fails every queued and in-flight probe with `.cancelled`, frees all libcurl
    /// handles and waits for the thread to exit. Later probes fail at once. Idempotent.
    public func shutdown() {
        shared.close(reason: "prober shut down")
        guard
            let running = thread.withLock({ state -> pthread_t? in
                defer { state = nil }
                return state
            })
        else { return }
        // Called from the loop thread itself (a task on `executor` dropping the last reference):
        // joining would deadlock; the thread exits on its own after this iteration.
        if pthread_equal(running, pthread_self()) != 0 {
            _ = pthread_detach(running)
        } else {
            _ = pthread_join(running, nil)
        }
    }

    /// A timer served by this prober's loop thread (see ``ProbeLoopAlarm``), for a caller that
    /// sleeps often between probes, such as a scheduler.
    public func makeAlarm() -> ProbeLoopAlarm { ProbeLoopAlarm(shared: shared) }

    /// The engine's latest published state (handles, transfers, queue).
    public var stats: ProberStats { shared.stats }
}
