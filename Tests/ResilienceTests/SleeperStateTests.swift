import Resilience
import Testing

/// The one sleeper bookkeeping both timers apply: a pending wake-up ends the next sleep at once,
/// and a deadline fires only the sleep it was armed for.
@Suite struct SleeperStateTests {
    @Test func aWakeBeforeSleepingEndsTheNextSleepAtOnceAndOnlyThatOne() async {
        var state = SleeperState()
        #expect(state.wake() == nil)
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            #expect(state.begin(continuation, cancelled: false) == nil, "the pending wake-up is used")
            continuation.resume()
        }
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let generation = state.begin(continuation, cancelled: false)
            #expect(generation == 1, "used once: this sleep waits")
            #expect(state.isSleeping)
            state.wake()?.resume()
        }
        #expect(!state.isSleeping)
    }

    @Test func aDeadlineFiresOnlyTheSleepItWasArmedFor() async {
        var state = SleeperState()
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            #expect(state.begin(continuation, cancelled: false) == 1)
            state.wake()?.resume()
        }
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            #expect(state.begin(continuation, cancelled: false) == 2)
            #expect(state.fire(generation: 1) == nil, "a stale deadline changes nothing")
            #expect(state.isSleeping)
            state.fire(generation: 2)?.resume()
        }
        #expect(!state.isSleeping)
    }

    @Test func aCancelledSleepReturnsAtOnce() async {
        var state = SleeperState()
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            #expect(state.begin(continuation, cancelled: true) == nil)
            continuation.resume()
        }
        #expect(!state.isSleeping)
    }
}
