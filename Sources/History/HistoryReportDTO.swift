import Foundation
import Monitor

/// `ethotop history --format json`, field for field as docs/JSON.md documents it. Optional
/// fields are written as `null`, never left out.
struct HistoryReportDTO: Encodable {
    struct Probes: Encodable {
        var succeeded, failed, timeouts, rejected, retries: Int
    }

    struct Failure: Encodable {
        var at: String
        var errorKind: String?

        enum CodingKeys: String, CodingKey {
            case at
            case errorKind = "error_kind"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(at, forKey: .at)
            try container.encode(errorKind, forKey: .errorKind)
        }
    }

    struct Endpoint: Encodable {
        var name: String
        var group: String?
        var downtimeSeconds: Double
        var trips: Int
        var stateAtEnd: String
        var firstFailure: Failure?
        var probes: Probes
        var latencyP99MaxMs: Double

        enum CodingKeys: String, CodingKey {
            case name, group, trips, probes
            case downtimeSeconds = "downtime_seconds"
            case stateAtEnd = "state_at_end"
            case firstFailure = "first_failure"
            case latencyP99MaxMs = "latency_p99_max_ms"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(group, forKey: .group)
            try container.encode(downtimeSeconds, forKey: .downtimeSeconds)
            try container.encode(trips, forKey: .trips)
            try container.encode(stateAtEnd, forKey: .stateAtEnd)
            try container.encode(firstFailure, forKey: .firstFailure)
            try container.encode(probes, forKey: .probes)
            try container.encode(latencyP99MaxMs, forKey: .latencyP99MaxMs)
        }
    }

    struct Transition: Encodable {
        var at, endpoint: String
        var group: String?
        var from, to, reason: String
        var consecutiveFailures: Int
        var failureRate: Double?
        var trips: Int
        var errorKind: String?

        enum CodingKeys: String, CodingKey {
            case at, endpoint, group, from, to, reason, trips
            case consecutiveFailures = "consecutive_failures"
            case failureRate = "failure_rate"
            case errorKind = "error_kind"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(at, forKey: .at)
            try container.encode(endpoint, forKey: .endpoint)
            try container.encode(group, forKey: .group)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(reason, forKey: .reason)
            try container.encode(consecutiveFailures, forKey: .consecutiveFailures)
            try container.encode(failureRate, forKey: .failureRate)
            try container.encode(trips, forKey: .trips)
            try container.encode(errorKind, forKey: .errorKind)
        }
    }

    struct Action: Encodable {
        var at, who, action, target: String
        var endpoint: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(at, forKey: .at)
            try container.encode(who, forKey: .who)
            try container.encode(action, forKey: .action)
            try container.encode(target, forKey: .target)
            try container.encode(endpoint, forKey: .endpoint)
        }

        enum CodingKeys: String, CodingKey { case at, who, action, target, endpoint }
    }

    struct Note: Encodable {
        var at, kind: String
        var endpoint: String?
        var message: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(at, forKey: .at)
            try container.encode(kind, forKey: .kind)
            try container.encode(endpoint, forKey: .endpoint)
            try container.encode(message, forKey: .message)
        }

        enum CodingKeys: String, CodingKey { case at, kind, endpoint, message }
    }

    struct Run: Encodable {
        var started: String
        var lastWrite, stopped: String?
        var clean, running: Bool

        enum CodingKeys: String, CodingKey {
            case started, stopped, clean, running
            case lastWrite = "last_write"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(started, forKey: .started)
            try container.encode(lastWrite, forKey: .lastWrite)
            try container.encode(stopped, forKey: .stopped)
            try container.encode(clean, forKey: .clean)
            try container.encode(running, forKey: .running)
        }
    }

    var type = "history"
    var from, to: String
    var endpoint, group: String?
    var endpoints: [Endpoint]
    var transitions: [Transition]
    var actions: [Action]
    var events: [Note]
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
        case type, from, to, endpoint, group, endpoints, transitions, actions, events, runs
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(group, forKey: .group)
        try container.encode(endpoints, forKey: .endpoints)
        try container.encode(transitions, forKey: .transitions)
        try container.encode(actions, forKey: .actions)
        try container.encode(events, forKey: .events)
        try container.encode(runs, forKey: .runs)
    }

    init(_ report: HistoryReport) {
        func time(_ date: Date) -> String { RFC3339.string(from: date) }
        func text(_ value: String) -> String { TextSanitizer.sanitize(value) }
        func rounded(_ value: Double, _ scale: Double) -> Double { (value * scale).rounded() / scale }
        from = time(report.query.from)
        to = time(report.query.to)
        endpoint = report.query.endpoint.map(text)
        group = report.query.group.map(text)
        endpoints = report.endpoints.map { summary in
            Endpoint(
                name: text(summary.name), group: summary.group.map(text),
                downtimeSeconds: rounded(summary.downtimeSeconds, 1_000), trips: summary.trips,
                stateAtEnd: summary.stateAtEnd,
                firstFailure: summary.firstFailure.map { Failure(at: time($0.at), errorKind: $0.kind) },
                probes: Probes(
                    succeeded: summary.succeeded, failed: summary.failed, timeouts: summary.timeouts,
                    rejected: summary.rejected, retries: summary.retries),
                latencyP99MaxMs: rounded(summary.p99MaxMs, 1_000))
        }
        transitions = report.transitions.map { row in
            Transition(
                at: time(row.at), endpoint: text(row.endpoint), group: row.group.map(text), from: row.from,
                to: row.to, reason: text(row.reason), consecutiveFailures: row.consecutiveFailures,
                failureRate: row.failureRate.map { rounded($0, 10_000) }, trips: row.trips,
                errorKind: row.errorKind)
        }
        actions = report.actions.map { row in
            Action(
                at: time(row.at), who: text(row.who), action: row.action, target: text(row.target),
                endpoint: row.endpoint.map(text))
        }
        events = report.notes.map { row in
            Note(
                at: time(row.at), kind: row.kind, endpoint: row.endpoint.map(text), message: text(row.message)
            )
        }
        runs = report.runs.map { run in
            Run(
                started: time(run.started), lastWrite: run.lastWrite.map(time),
                stopped: run.stopped.map(time),
                clean: run.stopped != nil, running: run.running)
        }
    }
}
