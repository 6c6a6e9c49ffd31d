import Probe
import Resilience

// How config specs (plain values from YAML) become the Resilience and Probe types the pipeline
// runs. Kept in one place so every default and unit conversion is visible side by side.

extension BreakerSpec {
    /// The breaker configuration this spec describes (`failure_threshold: 0` turns the
    /// consecutive rule off; a rate rule without a window cannot load, see ConfigLoader).
    var circuitBreakerConfiguration: CircuitBreakerConfiguration {
        let slidingWindow: CircuitBreakerConfiguration.SlidingWindow
        switch window {
        case .count(let count): slidingWindow = .count(count)
        case .duration(let duration): slidingWindow = .time(duration, buckets: 10)
        case nil: slidingWindow = .count(max(minimumCalls, 20))
        }
        return CircuitBreakerConfiguration(
            failureThreshold: failureThreshold > 0 ? failureThreshold : nil,
            failureRateThreshold: failureRate,
            slowCallRateThreshold: slowCallRate,
            slowCallDuration: slowCall,
            window: slidingWindow,
            minimumCalls: minimumCalls,
            recoveryTimeout: recoveryTimeout,
            recoveryBackoff: recoveryBackoff.map {
                CircuitBreakerConfiguration.RecoveryBackoff(multiplier: $0.factor, maxTimeout: $0.max)
            },
            halfOpenMaxCalls: halfOpenCalls,
            halfOpenSuccesses: halfOpenSuccesses
        )
    }
}

extension RetrySpec {
    /// The retry policy: `linear` is `base × attempt`, `exponential` is `base × factor^(n-1)`.
    var retryPolicy: RetryPolicy {
        let shape: Resilience.Backoff
        switch backoff {
        case .constant: shape = .constant(base)
        case .linear: shape = .linear(base: base, increment: base)
        case .exponential: shape = .exponential(base: base, factor: factor, maxDelay: maxDelay)
        }
        return RetryPolicy(
            maxTries: maxTries, maxTime: maxTime, backoff: shape,
            jitter: Resilience.Jitter(rawValue: jitter.rawValue) ?? .full, maxDelay: maxDelay)
    }

    /// A Finagle-style budget: `budget` of the calls in the last 10 s may be retried, plus one
    /// retry a second so a quiet endpoint can still retry at all.
    var retryBudget: RetryBudget? {
        guard let budget, maxTries > 1 else { return nil }
        return RetryBudget(.percentage(percentCanRetry: budget, ttl: .seconds(10), minRetriesPerSecond: 1))
    }
}

extension RateLimitSpec {
    /// The limiter configuration (the loader has already checked the values).
    func rateLimiterConfiguration() throws -> RateLimiterConfiguration {
        try RateLimiterConfiguration(
            calls: calls, period: period, burst: burst, maxQueue: maxQueue, maxWait: maxWait)
    }
}

extension EndpointConfig {
    /// The probe request for one attempt (secrets substituted: never print it).
    /// Headers never sent to another origin on a redirect: every header whose value holds a
    /// secret (a `${VAR}` value or a literal credential), and `Authorization`, `Cookie` and
    /// `Proxy-Authorization` whatever they hold. The others (`Accept`, `User-Agent`, …) follow,
    /// so the next hop is asked the same question.
    var originBoundHeaders: Set<String> {
        let always: Set<String> = ["authorization", "cookie", "proxy-authorization"]
        return Set(
            headers.filter { always.contains($0.name.lowercased()) || redactor.containsSecret($0.value) }
                .map { $0.name.lowercased() })
    }

    var probeRequest: ProbeRequest {
        var transport = http.probeTransport
        // Certificate facts are read on every new TLS connection (the expiry column, metrics and
        // cert_valid_for); reused connections cost nothing extra.
        let scheme = url.lowercased()
        transport.readsCertificate = scheme.hasPrefix("https://") || scheme.hasPrefix("tls://")
        return ProbeRequest(
            method: method,
            url: url,
            headers: headers.map { ProbeHeader(name: $0.name, value: $0.value) },
            body: body.map { Array($0.utf8) },
            connectTimeout: connectTimeout,
            timeout: timeout,
            maxBodyBytes: Int(clamping: http.maxBody),
            followRedirects: http.followRedirects,
            originBoundHeaders: originBoundHeaders,
            originBoundBody: body.map(redactor.containsSecret) ?? false,
            allowInsecureRedirect: http.allowInsecureRedirect,
            tlsVerify: http.tlsVerify,
            httpVersion: http.http3 ? .http3 : http.http2 ? .http2WhereOffered : .http1_1,
            caFile: http.caFile,
            transport: transport
        )
    }
}

extension HTTPSpec {
    /// The prober's transport options for these keys.
    var probeTransport: ProbeTransport {
        let probeProxy: ProbeProxy
        switch proxy {
        case .environment: probeProxy = .environment
        case .none: probeProxy = .none
        case .url(let url): probeProxy = .url(url)
        }
        let family: IPVersionPreference
        switch ipVersion {
        case .any: family = .any
        case .v4: family = .v4
        case .v6: family = .v6
        }
        return ProbeTransport(
            clientCertificate: clientCert, clientKey: clientKey, keyPassword: keyPassword, proxy: probeProxy,
            noProxy: noProxy, resolve: resolve, ipVersion: family)
    }
}

extension HTTPSpec {
    /// The shared connection pool's settings. The pool is one per engine (libcurl's multi
    /// handle), so these come from `defaults.http`; per-endpoint values apply to requests only.
    ///
    /// One origin may hold at most `max_connections_per_host`, by default half the pool. Requests
    /// beyond that wait in their origin's own line, so a host whose endpoints all hang (1,000 of
    /// them, 2 s each) cannot take every connection and starve the healthy hosts queued behind it
    /// (docs/BENCHMARKS.md, "Scale"). Monitoring traffic is short requests: half the pool is far
    /// more than one host needs. A limit as large as the pool is no limit beyond the total (`nil`).
    var proberConfiguration: ProberConfiguration {
        let perHost = effectiveMaxConnectionsPerHost
        return ProberConfiguration(
            maxConnections: maxConnections,
            maxConnectionsPerHost: perHost < maxConnections ? perHost : nil,
            maxKeepaliveConnections: maxKeepaliveConnections,
            keepaliveExpiry: keepaliveExpiry,
            http2Multiplexing: http2
        )
    }
}
