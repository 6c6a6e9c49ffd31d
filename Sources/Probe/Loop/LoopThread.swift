import CCurl
import Glibc

/// Starts the loop's dedicated thread. A plain pthread rather than a Swift task: the loop blocks in
/// `epoll_wait`, which must never happen on the cooperative pool.
enum LoopThread {
    /// What the new thread needs; passed through pthread's `void *` argument.
    private final class Context {
        let name: String
        let body: () -> Void
        init(name: String, _ body: @escaping () -> Void) {
            self.name = String(name.prefix(15))
            self.body = body
        }
    }

    /// Runs `body` on a new thread named `name`; returns the thread, or `nil` if it could not start.
    static func start(name: String, _ body: @escaping () -> Void) -> pthread_t? {
        let context = Unmanaged.passRetained(Context(name: name, body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                let context = Unmanaged<Context>.fromOpaque(argument).takeRetainedValue()
                ethotop_name_current_thread(context.name)
                context.body()
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<Context>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}
