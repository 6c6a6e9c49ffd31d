import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs one body on two OS threads started together, for the contended rows.
///
/// Both threads are created first and spin on a start flag, so neither gets a head start of a
/// thread creation (~20 µs, the length of many whole runs here); the wall time runs from the
/// flag to the later thread's end.
enum TwoThreads {
    /// Wall nanoseconds for both threads to run `body(n)` once each.
    static func time(_ n: Int, _ body: @escaping @Sendable (Int) -> Void) -> Int64 {
        let gate = Gate()
        let threads = (0..<2).map { _ in
            spawn {
                gate.ready.wrappingAdd(1, ordering: .sequentiallyConsistent)
                while !gate.go.load(ordering: .acquiring) {}
                body(n)
                gate.finish(at: Stopwatch.now())
            }
        }
        while gate.ready.load(ordering: .acquiring) < 2 {}
        let start = Stopwatch.now()
        gate.go.store(true, ordering: .releasing)
        for thread in threads { join(thread) }
        return gate.lastFinish.load(ordering: .acquiring) - start
    }

    private final class Gate: Sendable {
        let ready = Atomic<Int>(0)
        let go = Atomic<Bool>(false)
        let lastFinish = Atomic<Int64>(0)

        func finish(at instant: Int64) {
            var seen = lastFinish.load(ordering: .relaxed)
            while seen < instant {
                let (exchanged, original) = lastFinish.compareExchange(
                    expected: seen, desired: instant, ordering: .acquiringAndReleasing)
                if exchanged { return }
                seen = original
            }
        }
    }

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    #if canImport(Glibc)
        private typealias Handle = pthread_t
    #else
        private typealias Handle = pthread_t?
    #endif

    private static func spawn(_ body: @escaping @Sendable () -> Void) -> Handle {
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        #if canImport(Glibc)
            var handle = pthread_t()
        #else
            var handle: pthread_t?
        #endif
        let status = pthread_create(
            &handle, nil,
            { raw in
                guard let raw else { return nil }
                Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, context)
        precondition(status == 0, "pthread_create failed: \(status)")
        return handle
    }

    private static func join(_ handle: Handle) {
        #if canImport(Glibc)
            pthread_join(handle, nil)
        #else
            if let handle { pthread_join(handle, nil) }
        #endif
    }
}
