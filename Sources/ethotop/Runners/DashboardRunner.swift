import ArgumentParser
import Dashboard
import Monitor

/// The root command and `ethotop demo`: the engine under the interactive dashboard.
struct DashboardRunner {
    var factory: any EngineFactory
    var dashboard: any DashboardLauncher
    var request: EngineRequest
    var options: DashboardOptions
    var errors: any OutputSink = FileDescriptorSink.standardError

    func run() async throws {
        var request = request
        request.refresh = options.refresh
        let engine = try await EngineStarter.start(factory, request, errors: errors)
        // Without --refresh the screen follows the config's `refresh` (the engine's snapshot
        // rate), as docs/CLI.md promises, rather than a fixed default.
        var options = options
        options.refresh = options.refresh ?? engine.refresh
        let endingSignal: Int32?
        do {
            endingSignal = try await dashboard.run(source: engine, options: options)
        } catch {
            await engine.stop()
            throw EngineStarter.report(error, errors: errors, logger: request.logger)
        }
        await engine.stop()
        if let endingSignal { DashboardExit.signal(endingSignal).terminateIfSignalled() }
    }
}

/// `ethotop demo --headless`: the demo engine with a plain table every interval, for machines
/// without a terminal (and `make run` until the dashboard lands).
struct HeadlessDemoRunner {
    var engine: any RunningEngine
    var interval: Duration
    var output: any OutputSink = FileDescriptorSink.standardOutput

    func stream() async {
        let formatter = SnapshotTableFormatter()
        while !Task.isCancelled {
            guard output.write(formatter.render(engine.latest()) + "\n") else { return }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }
}
