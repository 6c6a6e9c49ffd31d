import Foundation
import Monitor
import Resilience
import Synchronization

extension RemoteSource {
    /// The link's loop: connect, stream until the connection ends, wait the backoff, again;
    /// until cancelled.
    func run() async {
        var action = state.withLock { $0.machine.start() }
        while !Task.isCancelled {
            switch action {
            case .connect:
                let reason = await streamOnce()
                guard !Task.isCancelled, !state.withLock({ $0.observerStopped }) else { return }
                let (next, wasStreaming) = state.withLock { state in
                    var wasStreaming = false
                    if case .streaming = state.machine.state { wasStreaming = true }
                    let next = state.machine.failed(
                        reason: reason, now: clock.now(), wallClock: wallClock(), using: &state.generator)
                    return (next, wasStreaming)
                }
                if wasStreaming {
                    notice(.error, "agent lost: \(reason)")
                } else if state.withLock({ $0.machine.state }).isFirstFailure {
                    notice(.error, "cannot reach the agent at \(address): \(reason)")
                }
                action = next
            case .wait(let deadline):
                do {
                    try await clock.sleep(until: deadline)
                } catch {
                    return
                }
                action = state.withLock { $0.machine.retryDue(now: clock.now()) }
            case .none:
                return
            }
        }
    }

    /// One connection to `/v1/stream`, read until it ends, with `/v1/agent` asked every
    /// `agentPollInterval` meanwhile (the hello's screen count goes stale as screens come and go);
    /// answers why the stream ended.
    func streamOnce() async -> String {
        await withTaskGroup(of: String?.self) { group in
            group.addTask { await self.readStream() }
            group.addTask {
                await self.pollAgent()
                return nil
            }
            let reason = await group.next() ?? nil
            group.cancelAll()
            return reason ?? "stopped"
        }
    }

    /// Refreshes the screen count from `/v1/agent` until cancelled.
    private func pollAgent() async {
        while true {
            do {
                try await clock.sleep(until: clock.now().advanced(by: agentPollInterval))
            } catch {
                return
            }
            guard let (status, body) = try? await http.request("GET", "/v1/agent", maxBody: 64 << 10),
                status == 200, let agent = try? JSONDecoder().decode(AgentHello.self, from: body)
            else { continue }
            state.withLock { $0.machine.screensChanged(to: agent.screens) }
        }
    }

    /// Reads `/v1/stream` until it ends; answers why.
    private func readStream() async -> String {
        let after = state.withLock { $0.remoteSequence }
        do {
            try await http.exchange("GET", "/v1/stream?after=\(after)") { status, chunks in
                guard status == 200 else {
                    var data = Data()
                    for try await chunk in chunks where data.count < 4_096 { data.append(contentsOf: chunk) }
                    throw AgentHTTP.Failure(
                        status: status, "HTTP \(status): \(AgentHTTP.errorMessage(data) ?? "no reason given")"
                    )
                }
                try await readLines(chunks)
            }
            return "the agent ended the stream"
        } catch is ObserverStopped {
            state.withLock { $0.observerStopped = true }
            return "stopped"
        } catch let failure as AgentHTTP.Failure {
            return failure.description
        } catch let tooLong as LineSplitter.LineTooLong {
            return "a stream line longer than \(tooLong.limit >> 20) MiB"
        } catch let bad as WireFormatError {
            return "unreadable stream line: \(bad)"
        } catch is DecodingError {
            return "unreadable stream line (not the JSON of docs/JSON.md)"
        } catch {
            return String(describing: error)
        }
    }

    /// Splits the body into lines for a decoder task, which takes them into the state: the socket
    /// is read at its own pace, never held up by decoding (``LineInbox``). A decoding failure
    /// ends the reading at the next chunk (the agent writes at least one per refresh).
    private func readLines(_ chunks: AgentHTTP.BodyChunks) async throws {
        let inbox = LineInbox()
        let failure = FailureBox()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await self.decode(inbox)
                } catch {
                    failure.error.withLock { $0 = error }
                    inbox.finish()
                }
            }
            do {
                var splitter = LineSplitter(maxLineBytes: maxLineBytes)
                for try await chunk in chunks {
                    if let error = failure.error.withLock({ $0 }) { throw error }
                    state.withLock { $0.bytesReceived += chunk.count }
                    try splitter.feed(chunk) { inbox.put($0) }
                }
                inbox.finish()
            } catch {
                inbox.finish()
                group.cancelAll()
                throw error
            }
            try await group.waitForAll()
            if let error = failure.error.withLock({ $0 }) { throw error }
        }
    }

    /// Decodes what the inbox holds, in order, until it is finished and empty.
    private func decode(_ inbox: LineInbox) async throws {
        while let (lines, dropped) = await withTaskCancellationHandler(
            operation: { await inbox.take() }, onCancel: { inbox.finish() })
        {
            if dropped > 0 {
                notice(
                    .error,
                    "\(dropped) events skipped: this screen read them slower than the agent wrote them")
            }
            for bytes in lines {
                let line = try StreamLine.decode(Data(bytes))
                if apply(line), let observer, !observer(line, bytes) { throw ObserverStopped() }
            }
        }
    }

    /// Takes one line of the stream into the state; answers whether it was new (an event
    /// already taken, from a resumed stream, is not).
    @discardableResult
    func apply(_ line: StreamLine) -> Bool {
        let now = wallClock()
        var hello: AgentHello?
        var gap: (UInt64, UInt64)?
        let fresh = state.withLock { state -> Bool in
            state.linesDecoded += 1
            switch line {
            case .hello(let agent):
                if let previous = state.agent,
                    previous.pid != agent.pid || previous.startedAt != agent.startedAt
                {
                    // Another agent (restarted): its numbering starts again.
                    state.remoteSequence = 0
                }
                state.agent = agent
                state.machine.helloReceived(pid: agent.pid, screens: agent.screens, wallClock: now)
                hello = agent
            case .event(let event):
                guard event.sequence > state.remoteSequence else { return false }
                state.remoteSequence = event.sequence
                state.ring.append(event)
            case .snapshot(let snapshot):
                state.snapshot = snapshot
            case .gap(let from, let to):
                state.remoteSequence = max(state.remoteSequence, to)
                gap = (from, to)
            case .other:
                break
            }
            return true
        }
        if let hello {
            let pid = hello.pid.map { " pid \($0)" } ?? ""
            notice(.info, "attached to serve\(pid) on \(address)")
        }
        if let (from, to) = gap {
            notice(
                .error,
                "missed events \(from)–\(to): the agent's event ring moved on while this screen was away")
        }
        return fresh
    }
}

/// The decoder's failure, for the reader to end on.
private final class FailureBox: Sendable {
    let error = Mutex<(any Error)?>(nil)
}

/// The observer asked to stop.
private struct ObserverStopped: Error {}

extension AgentLinkMachine.State {
    /// Lost after the very first attempt (said once; later retries stay quiet).
    var isFirstFailure: Bool {
        if case .lost(_, _, let attempt, _) = self { return attempt == 1 }
        return false
    }
}
