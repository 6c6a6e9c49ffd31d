/// Runs `job` over `items` with at most `maxConcurrency` jobs at a time, streaming each result
/// as it is ready.
///
/// Rather than waiting for a whole batch before starting the next, this keeps a sliding
/// window: a new job starts the moment one finishes, so one slow item delays only
/// itself. In `.input` order a result waits for its predecessors; to keep that memory bounded,
/// no job starts more than `4 * maxConcurrency` places ahead of the oldest result not yet
/// delivered.
///
/// The work runs in a task owned by the stream: when the consumer stops iterating (or its task
/// is cancelled) the stream terminates, the task is cancelled, no new job starts and the running
/// ones are cancelled. Results are buffered without limit if the consumer is slower than the
/// jobs (at most one per item).
///
/// - Parameters:
///   - items: the inputs.
///   - maxConcurrency: the most jobs running at once (at least 1).
///   - order: deliver by completion (default) or in input order.
///   - job: the work for one item; it should honour cancellation.
public func processInBatches<Item: Sendable, Output: Sendable>(
    _ items: some Sequence<Item> & Sendable, maxConcurrency: Int, order: BatchOrder = .completion,
    _ job: @escaping @Sendable (Item) async throws -> Output
) -> AsyncStream<BatchResult<Output>> {
    AsyncStream { continuation in
        let task = Task {
            await processInBatches(items, maxConcurrency: maxConcurrency, order: order, job) { result in
                continuation.yield(result)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
    }
}

/// Runs `job` over `items` with at most `maxConcurrency` jobs at a time and hands each result to
/// `onResult` as it is ready: the structured form of
/// ``processInBatches(_:maxConcurrency:order:_:)``, returning only when every job has ended.
///
/// Cancelling the calling task stops new jobs from starting and cancels the running ones; their
/// results (usually `CancellationError` failures) are still delivered.
///
/// - Parameters:
///   - items: the inputs.
///   - maxConcurrency: the most jobs running at once (at least 1).
///   - order: deliver by completion (default) or in input order.
///   - job: the work for one item; runs in a child task.
///   - onResult: called on the calling task, one result at a time.
public func processInBatches<Item: Sendable, Output: Sendable>(
    _ items: some Sequence<Item>, maxConcurrency: Int, order: BatchOrder = .completion,
    isolation: isolated (any Actor)? = #isolation,
    _ job: @escaping @Sendable (Item) async throws -> Output,
    onResult: (BatchResult<Output>) async -> Void
) async {
    let limit = max(maxConcurrency, 1)
    let reorderLimit = limit * 4
    var iterator = items.makeIterator()
    var started = 0
    var running = 0
    var reorder = BatchReorderBuffer<Output>()

    await withTaskGroup(of: BatchResult<Output>.self) { group in
        // Starts jobs until the window is full, the input is exhausted or the task is cancelled.
        func fill() {
            while running < limit, !Task.isCancelled {
                if order == .input, started - reorder.nextIndex >= reorderLimit { return }
                guard let item = iterator.next() else { return }
                let index = started
                group.addTask {
                    do { return BatchResult(index: index, result: .success(try await job(item))) } catch {
                        return BatchResult(index: index, result: .failure(error))
                    }
                }
                started += 1
                running += 1
            }
        }

        fill()
        while let finished = await group.next() {
            running -= 1
            switch order {
            case .completion:
                await onResult(finished)
            case .input:
                reorder.insert(finished)
                while let ready = reorder.popReady() { await onResult(ready) }
            }
            fill()
        }
    }
}

/// Holds results that finished ahead of their predecessors until they can be delivered in order.
struct BatchReorderBuffer<Output: Sendable> {
    /// The index of the next result to deliver.
    private(set) var nextIndex = 0
    private var waiting: [Int: BatchResult<Output>] = [:]

    mutating func insert(_ result: BatchResult<Output>) { waiting[result.index] = result }

    mutating func popReady() -> BatchResult<Output>? {
        guard let ready = waiting.removeValue(forKey: nextIndex) else { return nil }
        nextIndex += 1
        return ready
    }
}
