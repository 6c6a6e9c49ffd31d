import Resilience

extension Engine {
    /// The scheduler loop: sleeps on its timer until the earliest deadline, starts every due
    /// probe in a child task, repeats. Cancelling it cancels every in-flight probe.
    ///
    /// It runs where the pipelines run (``runsOnLoop(plannedRate:)``), and moves when a reload
    /// changes the planned rate across the limit: each placement is one
    /// `withTaskExecutorPreference` scope, left when the placement changes.
    func runScheduler() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let onLoop = Self.runsOnLoop(plannedRate: table.withLock { $0.plannedRate })
                let executor: any TaskExecutor = onLoop ? prober.executor : globalConcurrentExecutor
                await withTaskExecutorPreference(executor) {
                    while !Task.isCancelled {
                        let plannedRate = runDue(in: &group, executor: executor)
                        if Self.runsOnLoop(plannedRate: plannedRate) != onLoop { break }
                        await sleepUntilNextDeadline()
                    }
                }
            }
        }
    }

    /// Starts every probe due now in `group`, its pipeline on `executor`; returns the planned rate.
    private func runDue(in group: inout DiscardingTaskGroup, executor: any TaskExecutor) -> Double {
        let now = clock.now()
        let (due, plannedRate) = table.withLock { table in
            (
                table.takeDue(now: now).map { (table.runtimes[$0.index], $0.due, table.pausedAll) },
                table.plannedRate
            )
        }
        for (runtime, deadline, pausedAll) in due {
            lateness.record(deadline.duration(to: now))
            if pausedAll || runtime.isPaused {
                finished(runtime, attempts: 0)
                continue
            }
            group.addTask(executorPreference: executor) {
                let attempts = await runtime.runScheduledProbe(prober: self.prober)
                self.finished(runtime, attempts: attempts)
            }
        }
        return plannedRate
    }

    /// Below this many planned probes a second, the scheduler and each probe's pipeline run on
    /// the prober's loop thread; above it, on Swift's global pool.
    ///
    /// On the loop thread a probe costs no thread hand-off at all: the scheduler wakes there (its
    /// timer is a ``ProbeLoopAlarm``, which shortens the loop's own `epoll_wait`), the pipeline
    /// hands the request to libcurl on the same thread, and the answer resumes it there. At low
    /// rates every hand-off was a thread wake-up, and on a VM those cost more than the probe
    /// itself: at 100 endpoints, 816 context switches a second fell to 222 (the C floor makes
    /// 200), and the CPU per probe by about a third at 100 and 1,000 endpoints. At 10,000 a second
    /// the loop thread is busy with libcurl alone: the pipeline on top of it saturated it (6,700
    /// probes a second instead of 10,000), so at that rate the pool's threads take both. The limit
    /// keeps a factor of 2.5 below the rate that saturated the loop; docs/BENCHMARKS.md has the
    /// figures. The same rule holds under every clock, so tests run the production placement.
    static let loopPipelineRateLimit: Double = 4_000

    /// Whether the scheduler and the pipelines run on the loop thread at `plannedRate`.
    static func runsOnLoop(plannedRate: Double) -> Bool { plannedRate < loopPipelineRateLimit }

    /// Where the pipelines run at `plannedRate` (see ``loopPipelineRateLimit``).
    func pipelineExecutor(plannedRate: Double) -> any TaskExecutor {
        Self.runsOnLoop(plannedRate: plannedRate) ? prober.executor : globalConcurrentExecutor
    }

    /// After a probe: count its attempts (`probes_total` is every attempt sent, retries
    /// included), then schedule the endpoint's next slot — or its trial probe, when the breaker
    /// is open and the trial is due before the next slot.
    func finished(_ runtime: EndpointRuntime, attempts: Int) {
        let now = clock.now()
        if attempts > 0 {
            scheduler.withLock {
                $0.probesTotal += attempts
                for _ in 0..<attempts { $0.rate.record(now: now) }
            }
        }
        let trialDue = runtime.breaker.snapshot().trialDueAt
        let wake = table.withLock { table -> Bool in
            guard let index = table.indexByName[runtime.name], table.runtimes[index] === runtime else {
                return false
            }
            let earliest = table.queue.nextDeadline
            table.inFlight[index] = false
            table.schedules[index].advance(after: now)
            table.scheduleCurrentSlot(index)
            if let trialDue, trialDue < table.schedules[index].slotInstant {
                table.schedule(index, at: max(trialDue, now))
            }
            return table.queue.nextDeadline != earliest
        }
        if wake { self.wake() }
    }

    /// Timer slack: after taking what was due at `now`, the scheduler sleeps at least this long
    /// (unless woken by a command), and starts whatever fell due meanwhile together.
    ///
    /// Without it, 10,000 endpoints spread over a second meant a wake-up, a sleeper task and a
    /// timer every 100 µs, which cost more CPU than the probes' own scheduling. With it, every
    /// probe is late by less than the slack plus the machine's own delay: invisible next to the
    /// schedule's jitter (up to 2 % of the interval), and far under the 50 ms lateness goal.
    static let schedulerSlack: Duration = .milliseconds(5)

    /// Sleeps on the scheduler's timer until the earliest deadline (but at least
    /// ``schedulerSlack`` from now), or until ``wake()`` is called.
    func sleepUntilNextDeadline() async {
        let now = clock.now()
        let next = table.withLock { $0.queue.nextDeadline } ?? now.advanced(by: .seconds(1))
        await schedulerTimer.sleep(until: max(next, now.advanced(by: Self.schedulerSlack)))
    }

    /// Wakes the scheduler so that an entry pushed for "now" runs at once.
    func wake() { schedulerTimer.wake() }
}
