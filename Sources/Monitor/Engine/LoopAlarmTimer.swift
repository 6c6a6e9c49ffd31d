import Probe
import Resilience

/// A ``ResilienceTimer`` on a real clock, timed by the prober's loop thread: the engine's timers
/// in production (``ManualClock`` makes its own in tests).
///
/// The loop waits in `epoll_wait` anyway; an alarm only shortens that wait, and a sleeper that
/// prefers the loop's executor resumes right there, on the thread that sends its probes, with no
/// other thread woken (see ``ProbeLoopAlarm``).
struct LoopAlarmTimer: ResilienceTimer {
    let alarm: ProbeLoopAlarm
    /// The real clock the deadlines are instants of.
    let clock: any ResilienceClock

    func sleep(until deadline: Instant) async {
        await alarm.sleep(for: clock.now().duration(to: deadline))
    }

    func wake() { alarm.wake() }
}

extension Engine {
    /// A timer on the engine's clock: the prober loop's alarm when the clock follows real time.
    static func makeTimer(clock: any ResilienceClock, prober: Prober) -> any ResilienceTimer {
        clock.makeTimer { LoopAlarmTimer(alarm: prober.makeAlarm(), clock: clock) }
    }
}
