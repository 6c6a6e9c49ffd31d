import AgentClient
import ArgumentParser
import Foundation
import Monitor

/// `ethotop snapshot`: poll for a while, print one snapshot, optionally fail on open breakers.
struct SnapshotRunner {
    var factory: any EngineFactory
    var request: EngineRequest
    /// How long to poll before taking the snapshot.
    var duration: Duration
    var format: SnapshotFormat
    /// Exit 3 when any breaker counts as open (``Monitor/BreakerState/countsAsOpen``).
    var failOnOpen: Bool
    var output: any OutputSink = FileDescriptorSink.standardOutput
    var errors: any OutputSink = FileDescriptorSink.standardError
    /// Waits `duration`; injectable so tests need not.
    var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    /// `--attach`: read the snapshot from this agent (with this token) instead of polling.
    var agent: (address: AgentAddress, token: String?)? = nil

    /// Runs; throws an `ExitCode` for every non-zero outcome.
    func run() async throws {
        let snapshot: Snapshot
        if let agent {
            snapshot = try await fetch(from: agent.address, token: agent.token)
        } else {
            snapshot = try await poll()
        }

        switch format {
        case .json:
            do {
                // Streamed one endpoint at a time: encoding 10,000 endpoints at once cost 80–100 MB.
                try SnapshotJSONEncoder(pretty: true).write(snapshot) { chunk in
                    guard output.write(bytes: chunk) else { throw OutputClosed() }
                }
                output.write("\n")
            } catch is OutputClosed {
                throw ExitStatus.failure
            } catch {
                throw EngineStarter.report(error, errors: errors, logger: request.logger)
            }
        case .table:
            output.write(SnapshotTableFormatter().render(snapshot))
        }

        let open = snapshot.openBreakerEndpoints
        if failOnOpen && !open.isEmpty {
            let names = open.map { TextSanitizer.sanitize($0, maxLength: 64) }.joined(separator: ", ")
            errors.write("ethotop: \(open.count) breaker\(open.count == 1 ? "" : "s") open: \(names)\n")
            throw ExitStatus.breakerOpen
        }
    }

    /// Starts an engine, polls for `duration`, answers its snapshot.
    private func poll() async throws -> Snapshot {
        let engine = try await EngineStarter.start(factory, request, errors: errors)
        do {
            try await sleep(duration)
        } catch {
            await engine.stop()
            throw ExitStatus.failure
        }
        let snapshot = engine.latest()
        await engine.stop()
        return snapshot
    }

    /// The agent's current snapshot (`GET /v1/snapshot`), read back through the DTOs so the
    /// output is the document (or table) a local `snapshot` prints.
    private func fetch(from address: AgentAddress, token: String?) async throws -> Snapshot {
        do {
            let (status, body) = try await AgentHTTP(address: address, token: token).request(
                "GET", "/v1/snapshot")
            guard status == 200 else {
                let reason = AgentHTTP.errorMessage(body) ?? "HTTP \(status)"
                throw AgentHTTP.Failure(status: status, "HTTP \(status): \(reason)")
            }
            return try Snapshot(JSONDecoder().decode(SnapshotDTO.self, from: body))
        } catch {
            errors.write(
                "ethotop: cannot read a snapshot from the agent at \(address): \(TextSanitizer.sanitize("\(error)"))\n"
            )
            request.logger.error("attach failed", metadata: ["address": "\(address)", "error": "\(error)"])
            throw ExitStatus.failure
        }
    }
}

/// The reader of standard output went away while the snapshot was being written.
private struct OutputClosed: Error {}
