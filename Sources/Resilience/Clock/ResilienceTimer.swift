/// A reusable timer on a ``ResilienceClock``: its owner sleeps on it until an instant of that
/// clock, and anyone may end the sleep early.
///
/// The one way the engine waits for time. A real clock's timers are served by an event loop
/// that keeps real time (the probe loop's `epoll_wait` timeout), ``ManualClock``'s by
/// ``ManualClock/advance(to:)``; the code that sleeps is the same under both, so a test on the
/// manual clock runs the path that runs in production. Made by
/// ``ResilienceClock/makeTimer(realTime:)``.
///
/// One sleeper at a time. A ``wake()`` that comes while nobody sleeps is remembered: the next
/// ``sleep(until:)`` returns at once, so a wake-up between deciding to sleep and sleeping is never
/// lost. Cancelling the sleeping task ends the sleep like a wake-up.
public protocol ResilienceTimer: Sendable {
    /// Suspends until the timer's clock reaches `deadline`, ``wake()`` is called, or the calling
    /// task is cancelled. Never throws: the caller checks for cancellation.
    func sleep(until deadline: Instant) async

    /// Ends the current sleep now, or makes the next one return at once.
    func wake()
}
