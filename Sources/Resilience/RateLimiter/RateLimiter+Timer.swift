extension RateLimiter {
    /// Makes sure a timer will tick at the machine's next wake-up: starts one when none runs, or
    /// replaces one that would wake too late (after a refund or a reconfiguration). Called under
    /// the lock; the task it starts takes the lock itself only after it has slept.
    func armTimer(_ state: inout State) {
        guard let wake = state.machine.nextWakeUp else { return }
        if let target = state.timerTarget, target <= wake { return }
        state.timerTask?.cancel()
        state.timerGeneration &+= 1
        state.timerTarget = wake
        let generation = state.timerGeneration
        state.timerTask = Task { await self.runTimer(generation: generation, firstWake: wake) }
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
