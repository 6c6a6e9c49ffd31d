extension RateLimiter {
    /// What ``planTimer(_:)`` decided under the lock, carried out by ``startTimer(_:)`` after it.
    struct TimerPlan {
        /// The timer this one replaces, to cancel.
        var superseded: Task<Void, Never>?
        /// The new timer's generation: it ticks only while this is current.
        var generation: UInt64
        /// When it first wakes.
        var wake: Instant
    }

    /// Decides, under the lock, whether a timer must tick at the machine's next wake-up: `nil`
    /// when one already will (or nobody waits), else a plan for a new timer, replacing one that
    /// would wake too late (after a refund or a reconfiguration). Creates and cancels nothing.
    func planTimer(_ state: inout State) -> TimerPlan? {
        guard let wake = state.machine.nextWakeUp else { return nil }
        if let target = state.timerTarget, target <= wake { return nil }
        let superseded = state.timerTask
        state.timerTask = nil
        state.timerGeneration &+= 1
        state.timerTarget = wake
        return TimerPlan(superseded: superseded, generation: state.timerGeneration, wake: wake)
    }

    /// Carries out a plan outside the lock: cancels the superseded timer and starts the new one.
    /// The task is recorded only while its generation is current; a plan overtaken in the
    /// meantime cancels its own task, which then exits without ticking.
    func startTimer(_ plan: TimerPlan?) {
        guard let plan else { return }
        plan.superseded?.cancel()
        let task = Task { await self.runTimer(generation: plan.generation, firstWake: plan.wake) }
        let current = state.withLock { state in
            guard state.timerGeneration == plan.generation else { return false }
            state.timerTask = task
            return true
        }
        if !current { task.cancel() }
    }

    /// Sleeps until each wake-up, ticks the machine, resumes the granted and rejected waiters
    /// outside the lock, and exits when nobody waits or a newer timer took over.
    private func runTimer(generation: UInt64, firstWake: Instant) async {
        var wake = firstWake
        while true {
            do {
                try await clock.sleep(until: wake)
            } catch {
                return  // superseded: the newer timer owns the queue now
            }
            let (resumptions, next): ([Resumption], Instant?) = state.withLock { state in
                guard state.timerGeneration == generation else { return ([], nil) }
                let action = state.machine.tick(now: clock.now())
                let resumptions = state.resolve(action)
                state.timerTarget = action.nextWakeUp
                if action.nextWakeUp == nil { state.timerTask = nil }
                return (resumptions, action.nextWakeUp)
            }
            for resume in resumptions { resume() }
            guard let next else { return }
            wake = next
        }
    }
}
