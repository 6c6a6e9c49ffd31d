import CCurl
import Glibc

/// The event loop: one thread that owns the multi handle, the share handle and every easy handle.
///
/// It sleeps in `epoll_wait` on libcurl's sockets (registered through `CURLMOPT_SOCKETFUNCTION`),
/// the inbox eventfd, and libcurl's single timer (`CURLMOPT_TIMERFUNCTION`, kept as a deadline and
/// used as the `epoll_wait` timeout), and drives libcurl with `curl_multi_socket_action`: the
/// interface libcurl documents for thousands of transfers, where each wake-up touches only the
/// sockets that are ready. Not `Sendable`: it never leaves its thread.
final class ProbeLoop {
    let shared: ProbeLoopShared
    let configuration: ProberConfiguration
    let multi: UnsafeMutableRawPointer
    let share: UnsafeMutableRawPointer?
    let epollFD: Int32
    let keepaliveExpirySeconds: Int

    /// libcurl's timer as an absolute monotonic deadline; `nil` when none is set.
    var timerDeadline: Int64?
    /// Sockets libcurl is watching through epoll.
    var socketsWatched = 0
    /// Sockets libcurl stopped watching that are still registered with epoll (see `watch`).
    var parkedSockets: Set<Int32> = []
    /// Runs jobs of tasks that prefer the loop thread.
    let executor: ProbeLoopExecutor

    /// Idle easy handles.
    var freeHandles: [EasyHandle] = []
    /// Easy handles that exist.
    var handlesLive = 0
    /// Transfers attached to the multi handle, by probe id.
    var inFlight: [UInt64: EasyHandle] = [:]
    /// Admission state: requests waiting for a connection slot.
    var admission: AdmissionQueue<Submission>
    /// Armed ``ProbeLoopAlarm`` sleeps (a few: one per sleeping owner).
    var alarms: [ProbeLoopShared.ArmedAlarm] = []
    /// The last list of saturated hosts, and when it was made (monotonic nanoseconds).
    var saturatedHosts: [ProberStats.SaturatedHost] = []
    var saturatedHostsListedAt: Int64 = 0
    /// Probes finished since start.
    var completed = 0
    /// Loop iterations since start.
    var iterations = 0
    /// The `CURLMOPT_MAXCONNECTS` value last set (see ``updateConnectionCacheLimit()``).
    var connectionCacheLimit = -1

    // Buffers swapped with the inbox each iteration, so that steady state does not allocate.
    var incoming: [Submission] = []
    var cancellations: [UInt64] = []
    var jobs: [UnownedJob] = []
    /// Outcomes for callers off the loop thread, resumed together by `flushResumes`.
    var pendingResumes: [(UnsafeContinuation<Submission.Outcome, Never>, Submission.Outcome)] = []

    private init(
        shared: ProbeLoopShared, executor: ProbeLoopExecutor, configuration: ProberConfiguration,
        multi: UnsafeMutableRawPointer, share: UnsafeMutableRawPointer?, epollFD: Int32
    ) {
        self.shared = shared
        self.executor = executor
        self.configuration = configuration
        self.multi = multi
        self.share = share
        self.epollFD = epollFD
        let seconds = configuration.keepaliveExpiry.components.seconds
        keepaliveExpirySeconds = Int(max(1, min(seconds, Int64(Int32.max))))
        admission = AdmissionQueue(
            maxInFlight: configuration.maxConnections,
            perHostLimit: configuration.effectivePerHostLimit,
            maxQueued: configuration.maxQueuedRequests)
    }

    /// Builds the loop's handles, or returns why it could not.
    static func make(
        shared: ProbeLoopShared, executor: ProbeLoopExecutor, configuration: ProberConfiguration
    ) -> Result<ProbeLoop, ProbeError> {
        let epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else {
            return .failure(ProbeError(.other(curlCode: 0), message: "epoll_create1 failed (errno \(errno))"))
        }
        guard let multi = curl_multi_init() else {
            close(epollFD)
            return .failure(ProbeError(.other(curlCode: 0), message: "curl_multi_init failed"))
        }
        // DNS answers and TLS sessions are shared by every handle (one thread: no lock callbacks).
        let share = curl_share_init()
        if let share {
            _ = ethotop_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_DNS.rawValue))
            _ = ethotop_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue))
        }
        let loop = ProbeLoop(
            shared: shared, executor: executor, configuration: configuration, multi: multi, share: share,
            epollFD: epollFD)
        loop.configureMulti()
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = shared.wakeFD
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, shared.wakeFD, &event) == 0 else {
            loop.teardown(reason: "")
            return .failure(
                ProbeError(.other(curlCode: 0), message: "epoll_ctl(eventfd) failed (errno \(errno))"))
        }
        return .success(loop)
    }

    private func configureMulti() {
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = ethotop_multi_setopt_socket_callback(multi, multiSocketCallback)
        _ = ethotop_multi_setopt_ptr(multi, CURLMOPT_SOCKETDATA, me)
        _ = ethotop_multi_setopt_timer_callback(multi, multiTimerCallback)
        _ = ethotop_multi_setopt_ptr(multi, CURLMOPT_TIMERDATA, me)
        _ = ethotop_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, configuration.maxConnections)
        if let perHost = configuration.maxConnectionsPerHost {
            _ = ethotop_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, perHost)
        }
        updateConnectionCacheLimit()
        _ = ethotop_multi_setopt_long(
            multi, CURLMOPT_PIPELINING, configuration.http2Multiplexing ? Int(CURLPIPE_MULTIPLEX) : 0)
    }

    /// Runs until the prober is closed, then fails whatever is left and frees every handle.
    func run() {
        shared.registerLoopThread()
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        var closing = false
        while !closing {
            iterations += 1
            var timeout = epollTimeout()
            // Block only after telling submitters to write the eventfd; with news pending, just poll.
            if timeout != 0, !shared.prepareToSleep() { timeout = 0 }
            let ready = epoll_wait(epollFD, events, Int32(capacity), timeout)
            if ready > 0 {
                for index in 0..<Int(ready) { handle(events[index]) }
            }
            fireTimerIfDue()
            fireAlarmsIfDue()
            collectCompletions()
            closing = drainInbox()
            admitWaiting()
            expireWaiting()
            flushResumes()
            updateConnectionCacheLimit()
            publishStats()
        }
        teardown(reason: "prober shut down")
        for job in shared.markLoopExited() { globalConcurrentExecutor.enqueue(job) }
    }

    /// Takes what callers handed in and acts on it; runs loop-executor jobs, which may hand in
    /// more, for a few rounds (then the next iteration polls instead of sleeping). Returns whether
    /// the prober is closing.
    private func drainInbox() -> Bool {
        for _ in 0..<4 {
            let closing = shared.take(submissions: &incoming, cancellations: &cancellations, jobs: &jobs)
            acceptIncoming()
            applyCancellations()
            if jobs.isEmpty { return closing }
            // Run them even when closing: a job taken here is in no queue but this one.
            let unowned = executor.asUnownedTaskExecutor()
            for job in jobs { job.runSynchronously(on: unowned) }
            jobs.removeAll(keepingCapacity: true)
            if closing { return true }
        }
        return false
    }

    /// Milliseconds until libcurl's timer, an alarm or a queued request's deadline is due
    /// (rounded up), or -1 to wait for I/O only.
    private func epollTimeout() -> Int32 {
        var earliest = timerDeadline
        for armed in alarms where earliest.map({ armed.deadline < $0 }) ?? true { earliest = armed.deadline }
        if let queued = admission.nextDeadline(), earliest.map({ queued < $0 }) ?? true { earliest = queued }
        guard let deadline = earliest else { return -1 }
        let remaining = deadline - MonotonicClock.nanoseconds()
        if remaining <= 0 { return 0 }
        return Int32(min((remaining + 999_999) / 1_000_000, Int64(Int32.max)))
    }

    /// Ends the sleeps whose deadline has passed (their tasks, if they prefer this loop's
    /// executor, run in this iteration's ``drainInbox()``).
    private func fireAlarmsIfDue() {
        shared.takeAlarms(into: &alarms)
        guard !alarms.isEmpty else { return }
        let now = MonotonicClock.nanoseconds()
        var index = 0
        while index < alarms.count {
            if alarms[index].deadline <= now {
                let armed = alarms.remove(at: index)
                armed.alarm.fire(generation: armed.generation)
            } else {
                index += 1
            }
        }
    }

    private func fireTimerIfDue() {
        guard let deadline = timerDeadline, deadline <= MonotonicClock.nanoseconds() else { return }
        timerDeadline = nil
        var running: Int32 = 0
        _ = curl_multi_socket_action(multi, ethotop_socket_timeout(), 0, &running)
    }

    private func handle(_ event: epoll_event) {
        let fd = event.data.fd
        if fd == shared.wakeFD {
            shared.drainWakeups()
            return
        }
        if unparkIfParked(fd) { return }
        var mask: Int32 = 0
        if event.events & EPOLLIN.rawValue != 0 { mask |= CURL_CSELECT_IN }
        if event.events & EPOLLOUT.rawValue != 0 { mask |= CURL_CSELECT_OUT }
        if event.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { mask |= CURL_CSELECT_ERR }
        var running: Int32 = 0
        _ = curl_multi_socket_action(multi, fd, mask, &running)
    }

    /// Keeps `CURLMOPT_MAXCONNECTS` at "transfers running + maxKeepaliveConnections".
    ///
    /// libcurl's limit counts every cached connection, busy or idle, and closes the oldest idle one
    /// whenever a finished transfer takes the cache over the limit; a fixed value below the
    /// concurrency would close every connection after one use. Tracking the in-flight count gives
    /// the seed's (and httpx's) meaning: up to `maxKeepaliveConnections` idle connections kept on
    /// top of the ones in use. Setting it is an assignment inside libcurl; pruning happens when a
    /// connection is next returned, or by `keepaliveExpiry`.
    func updateConnectionCacheLimit() {
        let limit = inFlight.count + configuration.maxKeepaliveConnections
        guard limit != connectionCacheLimit else { return }
        connectionCacheLimit = limit
        // 0 would mean "libcurl's default" (4 × handles): keep at least one.
        _ = ethotop_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, limit))
    }

    /// The hosts saturating the pool, listed at most every 100 ms: stats are published every
    /// iteration (thousands a second under load) but read a few times a second, and the list
    /// costs an array and a string per host while a host hangs.
    private func currentSaturatedHosts() -> [ProberStats.SaturatedHost] {
        guard admission.hasSaturatedOrigins else {
            saturatedHosts = []
            return saturatedHosts
        }
        let now = MonotonicClock.nanoseconds()
        if saturatedHosts.isEmpty || now - saturatedHostsListedAt >= 100_000_000 {
            saturatedHostsListedAt = now
            saturatedHosts = admission.saturatedOrigins(limit: ProberStats.saturatedHostLimit).map {
                ProberStats.SaturatedHost(origin: String($0.origin), inUse: $0.active, waiting: $0.waiting)
            }
        }
        return saturatedHosts
    }

    func publishStats() {
        var stats = ProberStats()
        stats.handlesLive = handlesLive
        stats.handlesPooled = freeHandles.count
        stats.inFlight = inFlight.count
        stats.queued = admission.queuedCount
        stats.maxConnections = admission.maxInFlight
        stats.maxConnectionsPerHost = admission.perHostLimit
        stats.saturatedHosts = currentSaturatedHosts()
        stats.completed = completed
        stats.socketsWatched = socketsWatched
        stats.loopIterations = iterations
        shared.publish(stats)
    }

    /// Fails every queued and in-flight probe with `.cancelled`, then frees all handles.
    func teardown(reason: String) {
        for submission in incoming { submission.resume(.failure(ProbeError(.cancelled, message: reason))) }
        incoming.removeAll()
        for submission in admission.drain() {
            submission.resume(.failure(ProbeError(.cancelled, message: reason)))
            completed += 1
        }
        for id in Array(inFlight.keys) { abandon(id, kind: .cancelled, message: reason) }
        flushResumes()
        shared.takeAlarms(into: &alarms)
        for armed in alarms { armed.alarm.fire(generation: armed.generation) }
        alarms.removeAll()
        freeHandles.removeAll()
        handlesLive = 0
        curl_multi_cleanup(multi)
        if let share { curl_share_cleanup(share) }
        close(epollFD)
        var stats = ProberStats()
        stats.completed = completed
        stats.stopped = true
        shared.publish(stats)
    }
}
