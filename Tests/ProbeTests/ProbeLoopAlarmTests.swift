import Foundation
import Testing

@testable import Probe

/// The loop-served timer: it sleeps as long as asked, wakes early when told, never loses a
/// wake-up, and never leaves a sleeper behind when the prober stops.
@Suite struct ProbeLoopAlarmTests {
    @Test func sleepsAtLeastTheDelayAndResumesOnTheLoopThread() async {
        let prober = Prober()
        let alarm = prober.makeAlarm()
        let (elapsed, thread) = await withTaskExecutorPreference(prober.executor) {
            () async -> (Duration, String) in
            let start = ContinuousClock.now
            await alarm.sleep(for: .milliseconds(60))
            let thread = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
            return (ContinuousClock.now - start, thread)
        }
        #expect(elapsed >= .milliseconds(60))
        #expect(elapsed < .seconds(5))
        // Resumed where it will send its probes, with no other thread woken for it.
        #expect(thread == "ethotop-probe\n")
        prober.shutdown()
    }

    /// Whether the wake comes before or during the sleep, it ends it: no race to lose.
    @Test func wakeEndsASleepEarly() async {
        let prober = Prober()
        let alarm = prober.makeAlarm()
        let start = ContinuousClock.now
        let sleeper = Task { await alarm.sleep(for: .seconds(30)) }
        alarm.wake()
        await sleeper.value
        #expect(ContinuousClock.now - start < .seconds(5))
        prober.shutdown()
    }

    @Test func aWakeBeforeTheSleepIsKeptForItOnce() async {
        let prober = Prober()
        let alarm = prober.makeAlarm()
        alarm.wake()
        let start = ContinuousClock.now
        await alarm.sleep(for: .seconds(30))
        #expect(ContinuousClock.now - start < .seconds(5), "the pending wake ends it at once")
        let second = ContinuousClock.now
        await alarm.sleep(for: .milliseconds(50))
        #expect(ContinuousClock.now - second >= .milliseconds(50), "only once")
        prober.shutdown()
    }

    @Test func cancellingTheSleeperEndsTheSleep() async {
        let prober = Prober()
        let alarm = prober.makeAlarm()
        let start = ContinuousClock.now
        let sleeper = Task { await alarm.sleep(for: .seconds(30)) }
        sleeper.cancel()
        await sleeper.value
        #expect(ContinuousClock.now - start < .seconds(5))
        prober.shutdown()
    }

    @Test func shutdownEndsSleepsAndLaterSleepsDoNotHang() async {
        let prober = Prober()
        let alarm = prober.makeAlarm()
        let start = ContinuousClock.now
        let sleeper = Task { await alarm.sleep(for: .seconds(30)) }
        #expect(await eventually { prober.stats.loopIterations > 0 })
        prober.shutdown()
        await sleeper.value
        await alarm.sleep(for: .seconds(30))
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}
