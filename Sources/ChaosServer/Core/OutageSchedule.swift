/// A repeating outage window: down for `down` out of every `every`, measured from server start.
///
/// The window sits at the end of each period (shifted by `offset`), so a fresh server starts
/// healthy and a breaker in the demo trips about once per period and then recovers.
struct OutageSchedule: Sendable, Equatable {
    /// The period of the cycle.
    var every: Duration
    /// How long each period is down; at most `every`.
    var down: Duration
    /// Shifts the cycle later (positive) so several schedules can be staggered.
    var offset: Duration = .zero

    /// A schedule, or `nil` when `every` is not positive or `down` is negative or longer than `every`.
    init?(every: Duration, down: Duration, offset: Duration = .zero) {
        guard every > .zero, down >= .zero, down <= every else { return nil }
        self.every = every
        self.down = down
        self.offset = offset
    }

    /// Whether the outage is on at `elapsed` since server start.
    func isDown(at elapsed: Duration) -> Bool {
        let period = every.nanoseconds
        let shifted = elapsed.nanoseconds &- offset.nanoseconds
        var phase = shifted % period
        if phase < 0 { phase += period }
        return phase >= period - down.nanoseconds
    }
}
