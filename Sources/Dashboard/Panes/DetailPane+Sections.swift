import Monitor
import Resilience

extension DetailPane {
    /// Breaker: state and time in it, the rule that tripped it with measured value vs threshold,
    /// rates (or "warming up k/N"), consecutive failures, the half-open ledger, the timeline.
    static func breaker(_ breaker: BreakerView, context: RenderContext) -> [StyledLine] {
        let glyphs = context.glyphs
        var lines = [StyledLine.blank, heading("Breaker")]
        var state = StyledLine()
        state.append(
            "  " + String(glyphs.glyph(for: breaker.state)) + " " + Glyphs.word(for: breaker.state),
            StyleRole.state(breaker.state), [.bold])
        state.append(
            " for " + Format.duration(breaker.timeInState) + glyphs.separator + "trips \(breaker.trips)")
        if breaker.state == .open, let due = breaker.probeDueIn {
            state.append(glyphs.separator)
            state.append(due > .zero ? "trial in " + Format.countdown(due) : "probe due", .stateOpen)
        }
        lines.append(state)
        if let reason = breaker.lastReason {
            var line = StyledLine("  reason   ", .muted)
            line.append(reason)
            lines.append(line)
        }
        lines.append(rates(breaker))
        var consecutive = StyledLine("  consecutive failures ", .muted)
        consecutive.append(
            "\(breaker.consecutiveFailures)", breaker.consecutiveFailures > 0 ? .warn : .normal)
        if let threshold = breaker.consecutiveFailureThreshold {
            consecutive.append(" / \(threshold)", .muted)
        }
        lines.append(consecutive)
        if let ledger = breaker.halfOpen {
            var line = StyledLine("  trial calls ", .muted)
            line.append(
                "permitted \(ledger.permitted)  in flight \(ledger.inFlight)  ok \(ledger.succeeded)  "
                    + "failed \(ledger.failed)", .stateHalfOpen)
            lines.append(line)
        }
        if !breaker.timeline.isEmpty {
            lines.append(StyledLine("  timeline", .muted))
            for record in breaker.timeline.suffix(8) {
                var line = StyledLine(
                    "   " + Format.clock(record.at, utcOffset: context.utcOffset) + " ", .eventTime)
                line.append(Glyphs.label(for: record.from), StyleRole.state(record.from))
                line.append(glyphs.transition, .muted)
                line.append(Glyphs.label(for: record.to), StyleRole.state(record.to))
                line.append(" " + record.reason)
                lines.append(line)
            }
        }
        return lines
    }

    /// "failures 62.0% / 50%  slow 3.0% / 80%" or "warming up 3/10 calls".
    static func rates(_ breaker: BreakerView) -> StyledLine {
        var line = StyledLine("  rates    ", .muted)
        guard let failure = breaker.failureRate else {
            line.append("warming up \(breaker.callsInWindow)/\(breaker.minimumCalls) calls", .muted)
            return line
        }
        line.append("failures ", .muted)
        let failureBad = breaker.failureRateThreshold.map { failure >= $0 } ?? false
        line.append(Format.percent(failure), failureBad ? .bad : .normal)
        if let threshold = breaker.failureRateThreshold {
            line.append(" / " + Format.percent(threshold), .muted)
        }
        if let slow = breaker.slowCallRate {
            line.append("  slow ", .muted)
            let slowBad = breaker.slowCallRateThreshold.map { slow >= $0 } ?? false
            line.append(Format.percent(slow), slowBad ? .bad : .normal)
            if let threshold = breaker.slowCallRateThreshold {
                line.append(" / " + Format.percent(threshold), .muted)
            }
        }
        line.append("  (\(breaker.callsInWindow) calls)", .muted)
        return line
    }

    /// Latency: percentiles, a histogram, and the last probe's phase timings.
    static func latency(_ endpoint: EndpointSnapshot, width: Int, context: RenderContext) -> [StyledLine] {
        let summary = endpoint.latency
        var lines = [
            StyledLine.blank,
            heading("Latency (\(Format.duration(summary.window)) window, \(summary.count) samples)"),
        ]
        if summary.count == 0 {
            lines.append(StyledLine("  no samples yet", .muted))
        } else {
            var line = StyledLine("  ")
            for (label, value) in [
                ("p50", summary.p50), ("p90", summary.p90), ("p99", summary.p99), ("p99.9", summary.p999),
                ("max", summary.max), ("mean", summary.mean),
            ] {
                line.append(label + " ", .muted)
                line.append(Format.milliseconds(value) + "  ")
            }
            line.append("ms", .muted)
            lines.append(line)
            lines += histogram(summary.histogram, width: width, glyphs: context.glyphs)
        }
        if let phases = endpoint.lastPhases {
            var line = StyledLine("  last probe ", .muted)
            for (label, micros) in [
                ("dns", phases.dnsMicros), ("connect", phases.connectMicros), ("tls", phases.tlsMicros),
                ("wait", phases.serverWaitMicros), ("transfer", phases.transferMicros),
                ("total", phases.totalMicros),
            ] {
                line.append(label + " ", .muted)
                line.append(Format.milliseconds(Double(micros) / 1_000) + " ")
            }
            line.append("ms", .muted)
            lines.append(line)
        }
        return lines
    }

    /// One bar per bucket, scaled to the fullest bucket.
    static func histogram(_ buckets: [HistogramBucket], width: Int, glyphs: Glyphs) -> [StyledLine] {
        guard let fullest = buckets.map(\.count).max(), fullest > 0 else { return [] }
        let labelWidth = 10
        let countWidth = 7
        let barWidth = max(1, width - labelWidth - countWidth - 2)
        return buckets.enumerated().map { index, bucket in
            let label = (glyphs.isASCII ? "<=" : "≤") + Format.milliseconds(bucket.upperBoundMs) + "ms"
            let padded = String(repeating: " ", count: max(0, labelWidth - label.count)) + label
            var line = StyledLine(padded + " ", .muted)
            let filled = bucket.count == 0 ? 0 : max(1, bucket.count * barWidth / fullest)
            let position = Double(index) / Double(max(1, buckets.count - 1))
            let role: StyleRole = position < 0.34 ? .graphLow : (position < 0.67 ? .graphMid : .graphHigh)
            line.append(String(repeating: glyphs.barFull, count: filled), role)
            line.append(String(repeating: " ", count: barWidth - filled))
            line.append(" " + Format.count(bucket.count), .muted)
            return line
        }
    }

    /// Requests and retries.
    static func counters(_ endpoint: EndpointSnapshot) -> [StyledLine] {
        let requests = endpoint.requests
        let retries = endpoint.retries
        var lines = [StyledLine.blank, heading("Requests & retries")]
        var line = StyledLine("  ")
        for (label, value, role) in [
            ("total", requests.total, StyleRole.normal), ("ok", requests.succeeded, .good),
            ("failed", requests.failed, requests.failed > 0 ? .bad : .normal),
            ("rejected", requests.rejected, requests.rejected > 0 ? .warn : .normal),
            ("timeouts", requests.timeouts, requests.timeouts > 0 ? .bad : .normal),
        ] {
            line.append(label + " ", .muted)
            line.append(Format.count(value) + "  ", role)
        }
        line.append(Format.rate(requests.perSecond) + "/s", .normal)
        lines.append(line)
        var retry = StyledLine("  retries ", .muted)
        retry.append(Format.count(retries.total), retries.total > 0 ? .warn : .normal)
        retry.append("  exhausted ", .muted)
        retry.append(Format.count(retries.exhausted), retries.exhausted > 0 ? .bad : .normal)
        retry.append("  ok after retry ", .muted)
        retry.append(Format.count(retries.succeededAfterRetry))
        retry.append("  budget denied ", .muted)
        retry.append(Format.count(retries.budgetDenied), retries.budgetDenied > 0 ? .warn : .normal)
        if let left = retries.budgetLeft {
            retry.append("  budget left ", .muted)
            retry.append(Format.percent(left), left < 0.2 ? .warn : .normal)
        }
        lines.append(retry)
        return lines
    }

    /// The last errors, newest first (messages are sanitised again when drawn).
    static func errors(_ errors: [ErrorRecord], context: RenderContext) -> [StyledLine] {
        guard !errors.isEmpty else { return [] }
        var lines = [StyledLine.blank, heading("Last errors")]
        for error in errors.reversed().prefix(10) {
            var line = StyledLine(
                "  " + Format.clock(error.at, utcOffset: context.utcOffset) + " ", .eventTime)
            line.append(error.kind.rawValue, .bad, [.bold])
            line.append(" " + error.message)
            lines.append(line)
        }
        return lines
    }

    /// The effective policy, with `tls_verify: false` flagged.
    static func policy(_ endpoint: EndpointSnapshot, context: RenderContext) -> [StyledLine] {
        guard !endpoint.policyLines.isEmpty else { return [] }
        var lines = [StyledLine.blank, heading("Policy")]
        for text in endpoint.policyLines {
            if isTLSVerifyOff(text) {
                lines.append(
                    StyledLine(
                        "  \(text)  \(context.glyphs.warningMark) certificates not checked", .warning, [.bold]
                    ))
            } else {
                lines.append(StyledLine("  " + text))
            }
        }
        return lines
    }

    /// Whether a policy line switches certificate verification off (`tls_verify: false`).
    static func isTLSVerifyOff(_ line: String) -> Bool {
        let compact = line.lowercased().filter { !$0.isWhitespace }
        return compact.hasSuffix("tls_verify:false") || compact.contains("tls_verify:false,")
    }
}
