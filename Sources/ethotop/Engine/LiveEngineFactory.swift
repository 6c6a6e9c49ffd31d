import ChaosServer
import Foundation
import History
import Monitor

/// The real ``EngineFactory``: the config loader plus the engine, or the embedded demo.
struct LiveEngineFactory: EngineFactory {
    var environment: [String: String] = ProcessInfo.processInfo.environment

    private var loader: ConfigLoader { ConfigLoader(environment: environment) }

    func check(configPath: String?) throws -> [String] {
        guard let location = loader.locate(explicitPath: configPath) else {
            throw ConfigProblems(messages: [
                "ethotop: no config found (looked for \(loader.defaultPath)); pass --config FILE"
            ])
        }
        let config = try load(location.path)
        return ConfigSummary(config).description.split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    func start(_ request: EngineRequest) async throws -> any RunningEngine {
        let location = request.mode == .demo ? nil : loader.locate(explicitPath: request.configPath)
        guard let location else {
            if request.mode == .config {
                throw ConfigProblems(messages: [
                    "ethotop: no config found (looked for \(loader.defaultPath)); pass --config FILE, or run `ethotop demo`"
                ])
            }
            let demo = try await DemoEngine.start(refresh: request.refresh, environment: environment)
            do {
                let history = try HistoryAttachment.start(
                    request.history, spec: HistorySpec(), engine: demo.engine, environment: environment,
                    logger: request.logger)
                return LiveEngine(engine: demo.engine, chaos: demo.chaos, reloader: nil, history: history)
            } catch {
                await demo.stop()
                throw error
            }
        }
        let config = try load(location.path)
        let engine = Engine(
            config: config,
            options: EngineOptions(
                source: URL(fileURLWithPath: location.path).lastPathComponent,
                stateStore: OperatorStateStore(environment: environment), refresh: request.refresh))
        engine.start()
        let history: HistoryWriter?
        do {
            history = try HistoryAttachment.start(
                request.history, spec: config.history, engine: engine, environment: environment,
                logger: request.logger, headless: request.reloadOnHangup)
        } catch {
            await engine.stop()
            throw error
        }
        let reloader =
            request.reloadOnHangup ? HangupReloader(engine: engine, path: location.path, loader: loader) : nil
        return LiveEngine(engine: engine, chaos: nil, reloader: reloader, history: history)
    }

    private func load(_ path: String) throws -> MonitorConfig {
        do {
            return try loader.load(path: path)
        } catch {
            throw ConfigProblems(messages: error.errors.map(\.description))
        }
    }
}
