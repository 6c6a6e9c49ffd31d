import Resilience

/// The scheduler's view of every endpoint, guarded by the engine's lock.
///
/// Index `i` of each array is the same endpoint, in config order. An endpoint's queue entry is
/// valid only while its generation matches, so rescheduling never has to search the heap.
struct EngineTable: Sendable {
    var config: MonitorConfig
    var runtimes: [EndpointRuntime] = []
    var indexByName: [String: Int] = [:]
    var schedules: [EndpointSchedule] = []
    var generations: [UInt64] = []
    var inFlight: [Bool] = []
    var limiters: [String: NamedRateLimiter] = [:]
    var queue = ScheduleQueue()
    var nextGeneration: UInt64 = 1
    var pausedAll = false
    var random = SplitMixRandom(seed: 0x5EED)
    /// Probes a second the config asks for (the sum of 1 / interval), set at install.
    var plannedRate: Double = 0

    init(config: MonitorConfig) { self.config = config }

    /// Probes a second `config` asks for: the sum of 1 / interval.
    static func plannedRate(of config: MonitorConfig) -> Double {
        config.endpoints.reduce(0) { $0 + 1 / max($1.interval.seconds, 0.001) }
    }

    /// Makes `index`'s next probe due at `due`, invalidating any earlier entry.
    mutating func schedule(_ index: Int, at due: Instant) {
        let generation = nextGeneration
        nextGeneration += 1
        generations[index] = generation
        queue.push(.init(due: due, endpoint: index, generation: generation))
    }

    /// Schedules `index` at its current slot plus a little jitter.
    mutating func scheduleCurrentSlot(_ index: Int) {
        let fraction = Double(random.next() >> 11) / Double(1 << 53)
        schedule(index, at: schedules[index].due(jitterFraction: fraction))
    }

    /// Removes the due, still-valid entries and marks their endpoints in flight.
    mutating func takeDue(now: Instant) -> [(index: Int, due: Instant)] {
        var taken: [(index: Int, due: Instant)] = []
        for entry in queue.popDue(now: now) {
            let index = entry.endpoint
            guard index < generations.count, generations[index] == entry.generation, !inFlight[index] else {
                continue
            }
            inFlight[index] = true
            taken.append((index, entry.due))
        }
        return taken
    }
}

/// A small, fast, seedable generator (SplitMix64) for schedule jitter.
struct SplitMixRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
