extension RetryBudgetState {
    /// Finagle's leaky token bucket: deposits and withdrawals land in the current time slice and
    /// expire when their slice leaves the `ttl` window; a fixed reserve is the floor.
    ///
    /// Each slice remembers which slice number it holds, so a read can skip stale slices without
    /// clearing them — reading stays free of side effects.
    struct Window: Sendable {
        static let slices = 10
        /// Finagle's scale: one call deposits 1 000 units, one retry withdraws 1 000 / percent.
        static let scale: Int64 = 1_000

        let depositAmount: Int64
        let withdrawalAmount: Int64
        let reserve: Int64
        let sliceNanos: Int64
        private var slots: [Slot]

        private struct Slot: Sendable {
            var index: Int64 = .min
            var deposits: Int64 = 0
            var withdrawals: Int64 = 0
        }

        init(percentCanRetry: Double, ttl: Duration, minRetriesPerSecond: Int) {
            let percent = min(max(percentCanRetry, 0), 1_000)
            depositAmount = percent == 0 ? 0 : Self.scale
            withdrawalAmount = percent == 0 ? 1 : max(Int64((Double(Self.scale) / percent).rounded()), 1)
            let ttlNanos = max(ttl.nanoseconds, Int64(Self.slices))
            sliceNanos = ttlNanos / Int64(Self.slices)
            let floorRetries = Double(max(minRetriesPerSecond, 0)) * Double(ttlNanos) / 1e9
            reserve = Int64(floorRetries.rounded()) * withdrawalAmount
            slots = Array(repeating: Slot(), count: Self.slices)
        }

        /// The slice number that `now` falls in (floor division, so negative instants work too).
        private func sliceIndex(_ now: Instant) -> Int64 {
            let n = now.nanoseconds
            let q = n / sliceNanos
            return (n % sliceNanos < 0) ? q - 1 : q
        }

        private func position(_ index: Int64) -> Int {
            let m = Int(index % Int64(Self.slices))
            return m < 0 ? m + Self.slices : m
        }

        private mutating func touch(_ now: Instant) -> Int {
            let index = sliceIndex(now)
            let at = position(index)
            if slots[at].index != index { slots[at] = Slot(index: index) }
            return at
        }

        mutating func add(deposit amount: Int64, now: Instant) {
            let at = touch(now)
            slots[at].deposits += amount
        }

        mutating func add(withdrawal amount: Int64, now: Instant) {
            let at = touch(now)
            slots[at].withdrawals += amount
        }

        private func live(_ now: Instant) -> some Sequence<Slot> {
            let index = sliceIndex(now)
            let oldest = index - Int64(Self.slices) + 1
            return slots.lazy.filter { $0.index >= oldest && $0.index <= index }
        }

        /// Deposits made within the window ending at `now`.
        func deposits(now: Instant) -> Int64 { live(now).reduce(0) { $0 + $1.deposits } }

        /// Reserve plus live deposits minus live withdrawals.
        func balance(now: Instant) -> Int64 {
            live(now).reduce(reserve) { $0 + $1.deposits - $1.withdrawals }
        }
    }
}
