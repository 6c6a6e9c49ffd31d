import Resilience

extension Engine {
    /// The scheduler loop: sleeps until the earliest deadline, starts every due probe in a
    /// child task, repeats. Cancelling it cancels every in-flight probe.
    func runScheduler() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let now = clock.now()
                let (due, plannedRate) = table.withLock { table in
                    (
                        table.takeDue(now: now).map { (table.runtimes[$0.index], $0.due, table.pausedAll) },
                        table.plannedRate
                    )
                }
                let pipelineExecutor = pipelineExecutor(plannedRate: plannedRate)
                for (runtime, deadline, pausedAll) in due {
                    lateness.record(deadline.duration(to: now))
                    if pausedAll || runtime.isPaused {
                        finished(runtime, attempts: 0)
                        continue
                    }
                    group.addTask(executorPreference: pipelineExecutor) {
                        let attempts = await runtime.runScheduledProbe(
                            prober: self.prober, watchdog: self.watchdog)
                        self.finished(runtime, attempts: attempts)
                    }
                }
                await sleepUntilNextDeadline(after: now)
            }
        }
    }

    /// Below this many planned probes a second, the scheduler and each probe's pipeline run on
    /// the prober's loop thread; above it, on Swift's global pool, as before.
    ///
    /// On the loop thread a probe costs no thread hand-off at all: the scheduler wakes there (its
    /// ``ProbeLoopAlarm`` shortens the loop's own `epoll_wait`), the pipeline hands the request to
    /// libcurl on the same thread, and the answer resumes it there. At low rates every hand-off
    /// was a thread wake-up, and on a VM those cost more than the probe itself: at 100 endpoints,
    /// 816 context switches a second fell to 222 (the C floor makes 200), and the CPU per probe
    /// by about a third at 100 and 1,000 endpoints. At 10,000 a second the loop thread is busy
    /// with libcurl alone: the pipeline on top of it saturated it (6,700 probes a second instead
    /// of 10,000), and even the scheduler alone there cost more than it saved, so at that rate the
    /// pool's threads take both. In between it still paid on this 2-core VM (µs per probe, pool
    /// against loop: 1,900 a second 79–86 against 69–71, 4,000 70–72 against 61–63, 5,500 60–61
    /// against 55–58, lateness p99 5.1 against 6.0 ms); the limit keeps a factor of 2.5 below the
    /// rate that saturated the loop. The scheduler's place is chosen when the engine is made; a
    /// reload above the limit moves the pipelines back to the pool. docs/BENCHMARKS.md has the
    /// figures.
    static let loopPipelineRateLimit: Double = 4_000

    /// Where the next probes' pipelines run (see ``loopPipelineRateLimit``).
    func pipelineExecutor(plannedRate: Double) -> any TaskExecutor {
        guard schedulerAlarm != nil, plannedRate < Self.loopPipelineRateLimit else {
            return globalConcurrentExecutor
        }
        return prober.executor
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

    /// Sleeps until the earliest deadline (but at least ``schedulerSlack`` after `now`), or until
    /// ``wake()`` is called.
    func sleepUntilNextDeadline(after now: Instant) async {
        let clock = self.clock
        let next = table.withLock { $0.queue.nextDeadline } ?? now.advanced(by: .seconds(1))
        let deadline = max(next, now.advanced(by: Self.schedulerSlack))
        if let schedulerAlarm {
            await schedulerAlarm.sleep(for: clock.now().duration(to: deadline))
            return
        }
        let sleeper = Task<Void, Never> { _ = try? await clock.sleep(until: deadline) }
        let woken = table.withLock { table -> Bool in
            if table.wakeRequested {
                table.wakeRequested = false
                return true
            }
            table.sleeper = sleeper
            return false
        }
        if woken { sleeper.cancel() }
        await withTaskCancellationHandler {
            await sleeper.value
        } onCancel: {
            sleeper.cancel()
        }
        table.withLock { $0.sleeper = nil }
    }

    /// Wakes the scheduler so that an entry pushed for "now" runs at once.
    func wake() {
        if let schedulerAlarm {
            schedulerAlarm.wake()
            return
        }
        let sleeper = table.withLock { table -> Task<Void, Never>? in
            if let sleeper = table.sleeper { return sleeper }
            table.wakeRequested = true
            return nil
        }
        sleeper?.cancel()
    }
}
