public import Foundation
public import Monitor
public import Resilience
import Synchronization

/// A ``Monitor/SnapshotSource`` fed by an agent's `/v1/stream`: what `ethotop attach` hands the
/// dashboard in place of an engine.
///
/// Reads never wait on the network: ``latest()`` is the last snapshot decoded, ``events(after:)``
/// reads a bounded local ring, ``send(_:)`` posts `/v1/control` on a task of its own and reports
/// a refusal or a failure as an event in that ring. Events are renumbered locally, so a screen
/// that outlives an agent restart (whose numbering starts again at 1) still shows the new
/// agent's events; the agent's own numbers are kept to resume the stream (`?after=`) without
/// repeats after a reconnect. The link itself (``AgentLinkMachine``) is driven by a task on the
/// injected clock.
public final class RemoteSource: SnapshotSource {
    struct State: Sendable {
        var machine: AgentLinkMachine
        var snapshot: Snapshot?
        var agent: AgentHello?
        var ring: EventRing
        /// The agent's sequence number of the last event taken from the stream.
        var remoteSequence: UInt64 = 0
        var generator = SystemRandomNumberGenerator()
        var linesDecoded = 0
        var bytesReceived = 0
        /// The observer answered `false`: the source stops.
        var observerStopped = false
    }

    /// Where the agent is (shown in the header).
    public let address: AgentAddress
    let http: AgentHTTP
    let clock: any ResilienceClock
    let wallClock: @Sendable () -> Date
    let maxLineBytes: Int
    /// How often the agent's description (its screen count) is refreshed while streaming.
    let agentPollInterval: Duration = .seconds(5)
    let observer: (@Sendable (StreamLine, [UInt8]) -> Bool)?
    let state: Mutex<State>
    private let driver = Mutex<Task<Void, Never>?>(nil)

    /// A source for the agent at `address`; call ``start()`` to connect.
    ///
    /// - Parameters:
    ///   - token: the bearer token for TCP.
    ///   - machine: the link's state machine (its backoff base and cap).
    ///   - maxLineBytes: the longest stream line accepted (a snapshot of 10,000 endpoints is
    ///     tens of MB); a longer one ends the connection rather than growing memory.
    ///   - observer: sees every new event and snapshot line as received (its bytes, without the
    ///     newline), after the source took it; answering `false` stops the source. For
    ///     `watch --attach`, which passes the agent's lines through unchanged.
    public init(
        address: AgentAddress, token: String? = nil, machine: AgentLinkMachine = AgentLinkMachine(),
        clock: any ResilienceClock = SystemClock.shared,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        eventCapacity: Int = EventLog.defaultCapacity, maxLineBytes: Int = 256 << 20,
        observer: (@Sendable (StreamLine, [UInt8]) -> Bool)? = nil
    ) {
        self.address = address
        self.http = AgentHTTP(address: address, token: token)
        self.clock = clock
        self.wallClock = wallClock
        self.maxLineBytes = maxLineBytes
        self.observer = observer
        state = Mutex(State(machine: machine, ring: EventRing(capacity: eventCapacity)))
    }

    deinit { driver.withLock { $0?.cancel() } }

    /// Starts connecting (and reconnecting) in the background.
    public func start() {
        driver.withLock { task in
            guard task == nil else { return }
            task = Task { [self] in await run() }
        }
    }

    /// Stops the link and waits for its task.
    public func stop() async {
        let task = driver.withLock { $0 }
        task?.cancel()
        await task?.value
    }

    /// Waits until the source stops by itself (its observer said stop) or the task is cancelled.
    public func wait() async {
        let task = driver.withLock { $0 }
        await withTaskCancellationHandler {
            await task?.value
        } onCancel: {
            task?.cancel()
        }
    }

    /// The last snapshot received; before the first, an empty one named after the address.
    public func latest() -> Snapshot {
        state.withLock { $0.snapshot }
            ?? Snapshot(
                source: "agent", generatedAt: wallClock(), uptime: .zero, scheduler: SchedulerSnapshot(),
                endpoints: [], rateLimits: [])
    }

    /// Whether a snapshot has arrived since start.
    public var hasSnapshot: Bool { state.withLock { $0.snapshot != nil } }

    /// The agent's hello, once received.
    public var agent: AgentHello? { state.withLock { $0.agent } }

    /// Events (the agent's, and this screen's notices about the link), local numbering.
    public func events(after sequence: UInt64) -> [Event] {
        state.withLock { $0.ring.events(after: sequence) }
    }

    /// The link as the header shows it.
    public var link: SourceLink {
        let now = clock.now()
        return .attached(state.withLock { $0.machine.link(address: address.description, now: now) })
    }

    /// Stream bytes and lines received since start (for benchmarks).
    public var received: (bytes: Int, lines: Int) {
        state.withLock { ($0.bytesReceived, $0.linesDecoded) }
    }

    /// Posts the command to the agent in the background; a refusal or failure becomes an event.
    public func send(_ command: ControlCommand) {
        let http = self.http
        Task { [self] in
            let body = ControlRequest(command).json
            let what = ControlRequest.describe(command)
            do {
                let (status, data) = try await http.request(
                    "POST", "/v1/control", body: body, maxBody: 1 << 20)
                guard status == 200 else {
                    let reason = AgentHTTP.errorMessage(data) ?? "HTTP \(status)"
                    notice(.error, "\(what) refused by the agent: \(reason)")
                    return
                }
            } catch {
                notice(.error, "\(what) not sent: \(error)")
            }
        }
    }

    /// Appends a notice of this screen's own to the ring.
    func notice(_ kind: Event.Kind, _ message: String) {
        let event = Event(
            sequence: 0, at: wallClock(), kind: kind, endpoint: nil,
            message: TextSanitizer.sanitize(message))
        state.withLock { _ = $0.ring.append(event) }
    }
}
