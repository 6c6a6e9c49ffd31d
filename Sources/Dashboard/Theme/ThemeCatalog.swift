public import Foundation

/// The themes available to `--theme` and the `t` key, found on disk in priority order.
///
/// Directories searched, first match of a name wins:
/// 1. `$XDG_CONFIG_HOME/ethotop/themes` (default `~/.config/ethotop/themes`) — the user's own;
/// 2. `<bin>/../share/ethotop/themes` — what `make install` puts next to the binary;
/// 3. the source tree's `themes/` — so `swift run` finds the shipped themes.
/// The built-in `default` and `mono` are always there. A broken file does not stop the
/// dashboard; it is listed in ``problems`` and becomes an error only when asked for by name.
public struct ThemeCatalog: Sendable {
    /// Usable themes: the shipped ones in their documented order, then the rest by name.
    public private(set) var themes: [Theme]
    /// Files that failed to load, with file, line and key.
    public private(set) var problems: [ThemeError]

    /// The order the shipped themes cycle in.
    public static let shippedOrder = ["default", "dark", "light", "mono", "high-contrast", "colorblind"]

    /// Creates a catalog from loaded themes (built-ins are added when missing).
    public init(themes: [Theme], problems: [ThemeError] = []) {
        var byName: [String: Theme] = [:]
        for theme in themes where byName[theme.name] == nil { byName[theme.name] = theme }
        for (name, yaml) in BuiltinThemes.all where byName[name] == nil {
            if let theme = try? ThemeLoader.parse(yaml, file: "built-in \(name)", name: name) {
                byName[name] = theme
            }
        }
        let shipped = Self.shippedOrder.compactMap { byName[$0] }
        let others = byName.values.filter { !Self.shippedOrder.contains($0.name) }.sorted {
            $0.name < $1.name
        }
        self.themes = shipped + others
        self.problems = problems
    }

    /// Loads every `*.yaml`/`*.yml` in `directories` (earlier directories shadow later ones).
    public static func load(from directories: [String]) -> ThemeCatalog {
        var themes: [Theme] = []
        var problems: [ThemeError] = []
        var seen: Set<String> = []
        for directory in directories {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
                continue
            }
            for file in files.sorted() where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
                let stem = (file as NSString).deletingPathExtension
                guard !seen.contains(stem) else { continue }
                seen.insert(stem)
                let path = (directory as NSString).appendingPathComponent(file)
                do {
                    themes.append(try loadFile(path))
                } catch {
                    problems.append(error)
                }
            }
        }
        return ThemeCatalog(themes: themes, problems: problems)
    }

    /// Loads one theme file; its name defaults to the file name without extension.
    public static func loadFile(_ path: String) throws(ThemeError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeError(file: path, line: 0, key: "", message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(file: path, line: 0, key: "", message: "not UTF-8 text")
        }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try ThemeLoader.parse(text, file: path, name: stem)
    }

    /// The directories to search, in priority order, for this environment and executable.
    public static func searchDirectories(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String? = currentExecutablePath(), sourceFile: String = #filePath
    ) -> [String] {
        var directories: [String] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            directories.append(xdg + "/ethotop/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/ethotop/themes")
        }
        if let executable = executablePath {
            let bin = (executable as NSString).deletingLastPathComponent
            directories.append(
                ((bin as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
                    "share/ethotop/themes"))
        }
        // Sources/Dashboard/Theme/ThemeCatalog.swift → the package root's themes/.
        var root = sourceFile as NSString
        for _ in 0..<4 { root = root.deletingLastPathComponent as NSString }
        directories.append(root.appendingPathComponent("themes"))
        return directories
    }

    /// The running binary's path (`/proc/self/exe`), or `nil`.
    public static func currentExecutablePath() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return path
        }
        return CommandLine.arguments.first.map { ($0 as NSString).standardizingPath }
    }

    /// The index of the theme called `name`.
    public func index(of name: String) -> Int? { themes.firstIndex { $0.name == name } }

    /// Resolves `--theme`: a file path (contains `/` or ends in `.yaml`/`.yml`) is loaded
    /// directly; a name must be in the catalog, and a broken file of that name is an error.
    public mutating func select(_ request: String) throws(ThemeError) -> Int {
        if request.contains("/") || request.hasSuffix(".yaml") || request.hasSuffix(".yml") {
            let theme = try Self.loadFile(request)
            themes.removeAll { $0.name == theme.name }
            themes.append(theme)
            return themes.count - 1
        }
        if let broken = problems.first(where: {
            (($0.file as NSString).lastPathComponent as NSString).deletingPathExtension == request
        }) {
            throw broken
        }
        guard let index = index(of: request) else {
            throw ThemeError(
                file: "--theme", line: 0, key: request,
                message: "no such theme (available: \(themes.map(\.name).joined(separator: ", ")))")
        }
        return index
    }
}
