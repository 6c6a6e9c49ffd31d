public import Foundation
import Yams

/// Finds, reads and validates the config file.
///
/// Search order: `--config FILE`, then `$ETHOTOP_CONFIG`, then
/// `$XDG_CONFIG_HOME/ethotop/config.yaml` (default `~/.config/ethotop/config.yaml`). The environment
/// is a parameter, so tests (and `${VAR}` substitution) never depend on the real one.
/// Every problem is reported at once, as ``ConfigErrors``.
public struct ConfigLoader: Sendable {
    /// The environment used for the search and for `${VAR}` substitution.
    public var environment: [String: String]

    /// Creates a loader; pass `ProcessInfo.processInfo.environment` in production.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Where a config file was found, and why there.
    public struct Location: Sendable, Hashable {
        /// The file's path.
        public var path: String
        /// Which rule of the search order chose it.
        public var origin: Origin

        /// Creates a location.
        public init(path: String, origin: Origin) {
            self.path = path
            self.origin = origin
        }
    }

    /// The rule that chose a config file.
    public enum Origin: String, Sendable, Hashable {
        /// `--config FILE`.
        case commandLine = "--config"
        /// `$ETHOTOP_CONFIG`.
        case environment = "ETHOTOP_CONFIG"
        /// `$XDG_CONFIG_HOME/ethotop/config.yaml` or `~/.config/ethotop/config.yaml`.
        case xdg = "XDG_CONFIG_HOME"
    }

    /// The config file to use, or nil when none is given and the default file does not exist (the
    /// caller then runs the demo). An explicit path (flag or variable) is returned even if missing,
    /// so that loading it reports the mistake instead of silently running the demo.
    public func locate(explicitPath: String? = nil) -> Location? {
        if let explicitPath, !explicitPath.isEmpty {
            return Location(path: expandTilde(explicitPath), origin: .commandLine)
        }
        if let path = environment["ETHOTOP_CONFIG"], !path.isEmpty {
            return Location(path: expandTilde(path), origin: .environment)
        }
        let path = defaultPath
        return FileManager.default.fileExists(atPath: path) ? Location(path: path, origin: .xdg) : nil
    }

    /// `$XDG_CONFIG_HOME/ethotop/config.yaml`, or `~/.config/ethotop/config.yaml` when the variable
    /// is unset, empty or relative (as the XDG Base Directory spec requires).
    public var defaultPath: String {
        let base: String
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            base = homeDirectory + "/.config"
        }
        return base + "/ethotop/config.yaml"
    }

    /// Locates and loads the config; nil when there is none (run the demo).
    public func load(explicitPath: String? = nil) throws(ConfigErrors) -> MonitorConfig? {
        guard let location = locate(explicitPath: explicitPath) else { return nil }
        return try load(path: location.path)
    }

    /// Reads and validates the file at `path`.
    public func load(path: String) throws(ConfigErrors) -> MonitorConfig {
        func fail(_ message: String, _ hint: String? = nil) -> ConfigErrors {
            ConfigErrors([ConfigError(.io, file: path, line: 0, column: 0, message: message, hint: hint)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("no such file", "create it (see examples/config.yaml) or pass --config FILE")
        }
        if isDirectory.boolValue { throw fail("is a directory, not a config file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
            size > YAMLGuard.maxBytes
        {
            throw fail(
                "the config is larger than \(YAMLGuard.maxBytes >> 20) MiB",
                "a config this large is certainly a mistake")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw fail(
                "cannot read: \((error as NSError).localizedDescription)", "check the file's permissions")
        }
        return try parse(data: data, sourcePath: path)
    }

    /// Validates config bytes; `sourcePath` names them in messages.
    public func parse(data: Data, sourcePath: String) throws(ConfigErrors) -> MonitorConfig {
        guard let text = String(validating: data, as: UTF8.self) else {
            let (line, column) = Self.firstIllFormedPosition(in: data)
            throw ConfigErrors([
                ConfigError(
                    .syntax, file: sourcePath, line: line, column: column,
                    message: "the config is not valid UTF-8",
                    hint: "save it as UTF-8")
            ])
        }
        return try parse(yaml: text, sourcePath: sourcePath)
    }

    /// Where the first ill-formed UTF-8 sequence of `data` starts: its 1-based line, and its
    /// column counted in Unicode scalars like every other position (so `café` before it counts
    /// 4, not 5, and well-formed non-ASCII text before it does not move the position).
    static func firstIllFormedPosition(in data: Data) -> (line: Int, column: Int) {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var line = 1
        var column = 1
        while case .valid(let scalar) = parser.parseScalar(from: &bytes) {
            if scalar.count == 1 && scalar.first == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// Validates config text; `sourcePath` names it in messages. Pure: reads only `environment`.
    public func parse(yaml: String, sourcePath: String) throws(ConfigErrors) -> MonitorConfig {
        if let problem = YAMLGuard.check(yaml) {
            throw ConfigErrors([
                ConfigError(
                    .syntax, file: sourcePath, line: problem.line, column: problem.column,
                    message: problem.message,
                    hint: problem.hint)
            ])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigErrors([Self.syntaxError(error, yaml: yaml, file: sourcePath)])
        }
        let decoder = ConfigDecoder(file: sourcePath, environment: environment)
        let config = decoder.decodeRoot(root)
        let (errors, warnings) = decoder.finish()
        guard var config, errors.isEmpty else {
            throw ConfigErrors(
                errors.isEmpty
                    ? [
                        ConfigError(
                            .syntax, file: sourcePath, line: 1, column: 1,
                            message: "the config could not be read")
                    ] : errors)
        }
        config.warnings = warnings
        config.proxyEnvironment = ProxyEnvironment(environment)
        // Credentials in a proxy variable are secrets too: libcurl uses them for every endpoint
        // that has no proxy key.
        for (name, value) in config.proxyEnvironment.variables where !name.lowercased().hasPrefix("no_") {
            guard let password = URLRedaction.password(in: value) else { continue }
            config.redactor.add(password, placeholder: "***")
            for index in config.endpoints.indices where config.endpoints[index].http.proxy == .environment {
                config.endpoints[index].redactor.add(password, placeholder: "***")
            }
        }
        return config
    }

    /// A YAML parse error as a positioned ``ConfigError``.
    static func syntaxError(_ error: any Error, yaml: String, file: String) -> ConfigError {
        guard let yamlError = error as? YamlError else {
            return ConfigError(.syntax, file: file, line: 1, column: 1, message: "invalid YAML")
        }
        func make(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> ConfigError {
            let hint = context.map { "\($0.text) at line \($0.mark.line), column \($0.mark.column)" }
            return ConfigError(
                .syntax, file: file, line: mark.line, column: mark.column,
                message: "invalid YAML: \(problem)",
                hint: Self.syntaxHint(problem) ?? hint)
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _): return make(context, problem, mark)
        case .parser(let context, let problem, let mark, _): return make(context, problem, mark)
        case .composer(let context, let problem, let mark, _): return make(context, problem, mark)
        case .reader(let problem, let offset, _, _):
            var line = 1
            var column = 1
            for character in yaml.prefix(offset ?? 0) {
                if character == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += character.unicodeScalars.count
                }
            }
            return ConfigError(
                .syntax, file: file, line: line, column: column, message: "invalid YAML: \(problem)")
        default:
            return ConfigError(.syntax, file: file, line: 1, column: 1, message: "invalid YAML")
        }
    }

    private static func syntaxHint(_ problem: String) -> String? {
        if problem.contains("tab") { return "indent with spaces; YAML does not allow tabs for indentation" }
        if problem.contains("mapping values are not allowed") {
            return "a value containing \": \" must be quoted, or a key is indented wrongly"
        }
        if problem.contains("another document") {
            return "a config is a single YAML document; remove the extra \"---\""
        }
        return nil
    }

    private var homeDirectory: String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    private func expandTilde(_ path: String) -> String {
        if path == "~" { return homeDirectory }
        if path.hasPrefix("~/") { return homeDirectory + path.dropFirst() }
        return path
    }
}
