import Glibc
import Probe

/// `ProbeBench URL [concurrency] [requests] [warmup] [pool|loop]`: drives one ``Prober`` at a fixed
/// concurrency against URL and prints one `key=value` line: requests, errors, wall seconds,
/// requests/s, and the process's CPU µs per request over the measured phase (warm-up excluded).
/// `pool` (default) runs the calling tasks on Swift's global executor, as a plain caller would;
/// `loop` runs them on the prober's own `executor`. With `HANG=N` in the environment, N probes to
/// a local blackhole (connects that never complete, as in an outage) stay pending for the whole run.
/// URL may be `tcp://` or `tls://` (connect-only checks); `CA_FILE` names a CA bundle to trust;
/// `READ_CERT=1` reads the server's certificate on each new connection (`CURLOPT_CERTINFO`).
/// Run by bench/probe.bench.sh; not a test.
@main
struct ProbeBench {
    static func main() async {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            print("usage: ProbeBench URL [concurrency=32] [requests=200000] [warmup=10000] [pool|loop]")
            exit(2)
        }
        let url = arguments[1]
        let concurrency = arguments.count > 2 ? Int(arguments[2]) ?? 32 : 32
        let requests = arguments.count > 3 ? Int(arguments[3]) ?? 200_000 : 200_000
        let warmup = arguments.count > 4 ? Int(arguments[4]) ?? 10_000 : 10_000
        let onLoop = arguments.count > 5 && arguments[5] == "loop"

        let hang = getenv("HANG").flatMap { Int(String(cString: $0)) } ?? 0
        // Keep every connection of the run alive: the comparison is about per-request cost.
        let prober = Prober(
            configuration: ProberConfiguration(
                maxConnections: concurrency + hang, maxKeepaliveConnections: concurrency))
        // CA_FILE trusts a private CA (for https:// and tls:// against a local TLS server).
        // READ_CERT=1 reads the leaf certificate on new connections, as ethotop does for TLS.
        let request = ProbeRequest(
            url: url, caFile: getenv("CA_FILE").map { String(cString: $0) },
            transport: ProbeTransport(
                readsCertificate: getenv("READ_CERT").map { $0.pointee == 0x31 } ?? false))
        var hanging: [Task<Void, Never>] = []
        if hang > 0, let port = Blackhole.open() {
            let stuck = ProbeRequest(
                url: "http://127.0.0.1:\(port)/", connectTimeout: .seconds(600), timeout: .seconds(600))
            hanging = (0..<hang).map { _ in Task { _ = try? await prober.probe(stuck) } }
        }

        let executor: (any TaskExecutor)? = onLoop ? prober.executor : nil
        let (errors, wall, cpu) = await withTaskExecutorPreference(executor) {
            _ = await run(prober, request, concurrency: concurrency, total: warmup)
            let cpuBefore = cpuMicros()
            let wallBefore = ContinuousClock.now
            let errors = await run(prober, request, concurrency: concurrency, total: requests)
            return (errors, (ContinuousClock.now - wallBefore).seconds, cpuMicros() - cpuBefore)
        }
        for task in hanging { task.cancel() }
        prober.shutdown()

        let perRequest = Double(cpu) / Double(requests)
        let rate = Double(requests) / wall
        print(
            "tool=prober_\(onLoop ? "loop" : "pool") requests=\(requests) errors=\(errors) wall_s=\(format(wall, 3)) "
                + "rps=\(format(rate, 0)) cpu_us_per_req=\(format(perRequest, 2))")
    }

    /// `concurrency` workers, each probing in a loop until `total` probes have been started.
    static func run(_ prober: Prober, _ request: ProbeRequest, concurrency: Int, total: Int) async -> Int {
        let counter = Counter(total)
        return await withTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var errors = 0
                    while counter.take() {
                        do {
                            let result = try await prober.probe(request)
                            // A connect-only check (tcp://, tls://) has no status: connecting is its success.
                            if request.kind == .http && result.status != 200 { errors += 1 }
                        } catch {
                            errors += 1
                        }
                    }
                    return errors
                }
            }
            return await group.reduce(0, +)
        }
    }

    static func cpuMicros() -> Int64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000
            + Int64(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    }

    static func format(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return digits == 0 ? String(Int(rounded)) : String(rounded)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
