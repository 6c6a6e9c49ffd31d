import Foundation
import Testing

@testable import Dashboard

@Suite struct ThemeLoaderTests {
    static let themesDirectory: String = {
        var root = #filePath as NSString
        for _ in 0..<3 { root = root.deletingLastPathComponent as NSString }
        return root.appendingPathComponent("themes")
    }()

    @Test(arguments: ThemeCatalog.shippedOrder)
    func everyShippedThemeLoadsAndDefinesEveryRoleExplicitly(name: String) throws {
        let path = Self.themesDirectory + "/\(name).yaml"
        let theme = try ThemeCatalog.loadFile(path)
        #expect(theme.name == name)
        #expect(theme.styles.count == StyleRole.allCases.count)
        // Shipped themes spell out every role, so they document the format completely.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for role in StyleRole.allCases {
            #expect(text.contains("  \(role.rawValue):"), "\(name) lacks \(role)")
        }
    }

    @Test func catalogFindsTheShippedThemesInOrder() {
        let catalog = ThemeCatalog.load(from: [Self.themesDirectory])
        #expect(catalog.problems.isEmpty)
        #expect(Array(catalog.themes.map(\.name).prefix(6)) == ThemeCatalog.shippedOrder)
    }

    @Test func monoUsesNoColourAndMarksSeverityWithAttributes() throws {
        let mono = try ThemeCatalog.loadFile(Self.themesDirectory + "/mono.yaml")
        #expect(!mono.usesColor)
        #expect(mono.style(.stateOpen).attributes.contains(.reverse))
        #expect(mono.style(.stateOpen).attributes != mono.style(.stateClosed).attributes)
        #expect(mono.style(.stateHalfOpen).attributes != mono.style(.stateClosed).attributes)
        #expect(mono.style(.stateForcedOpen).attributes != mono.style(.stateOpen).attributes)
    }

    @Test func defaultThemeUsesOnlyTheTerminalsSixteenColours() throws {
        let theme = try ThemeCatalog.loadFile(Self.themesDirectory + "/default.yaml")
        for style in theme.styles.values {
            for color in [style.foreground, style.background] {
                if case .rgb = color { Issue.record("default theme uses RGB") }
            }
        }
        #expect(theme.style(.normal).background == .terminalDefault)
    }

    @Test func colorblindThemeNeverUsesRedOrGreenForStates() throws {
        let theme = try ThemeCatalog.loadFile(Self.themesDirectory + "/colorblind.yaml")
        let states: [StyleRole] = [
            .stateClosed, .stateHalfOpen, .stateOpen, .stateForcedOpen, .stateDisabled,
        ]
        for role in states {
            let color = theme.style(role).foreground
            #expect(![ThemeColor.named(1), .named(2), .named(9), .named(10)].contains(color), "\(role)")
            if case .rgb(let r, let g, let b) = color {
                // Not a pure-ish red or green: the dominant channel never beats the others by that much alone.
                let pureRed = r > 180 && g < 60 && b < 60
                let pureGreen = g > 150 && r < 80 && b < 80
                #expect(!pureRed && !pureGreen, "\(role)")
            }
        }
        #expect(Set(states.map { theme.style($0) }).count == states.count)
    }

    @Test func builtinThemesMatchTheShippedFiles() throws {
        for (name, yaml) in BuiltinThemes.all {
            let file = try ThemeCatalog.loadFile(Self.themesDirectory + "/\(name).yaml")
            let builtin = try ThemeLoader.parse(yaml, file: "built-in", name: name)
            #expect(file.styles == builtin.styles, "built-in \(name) drifted from themes/\(name).yaml")
        }
    }

    @Test func rolesInheritFromTheirFallbackFieldByField() throws {
        let yaml = """
            palette:
              ink: "#102030"
            roles:
              normal: { fg: ink, bg: black }
              border: { fg: blue }
              state_open: { attrs: bold }
            """
        let theme = try ThemeLoader.parse(yaml, file: "t.yaml", name: "t")
        #expect(theme.style(.normal).foreground == .rgb(0x10, 0x20, 0x30))
        #expect(theme.style(.borderFocused).foreground == .named(4))  // from border
        #expect(theme.style(.borderFocused).background == .named(0))  // from normal
        #expect(theme.style(.stateOpen).attributes == .bold)
        #expect(theme.style(.stateOpen).foreground == .rgb(0x10, 0x20, 0x30))
    }

    @Test(arguments: [
        ("roles:\n  normal: { fg: rde }\n", 2, "roles.normal.fg", "unknown colour"),
        ("roles:\n  normal: {}\n  stat_open: { fg: red }\n", 3, "roles.stat_open", "unknown role"),
        ("palette:\n  bg: #1c1c1c\nroles:\n  normal: { bg: bg }\n", 2, "palette.bg", "quote"),
        (
            "roles:\n  normal:\n    fg: red\n    attrs: [bold, blinky]\n", 4, "roles.normal.attrs",
            "unknown attribute"
        ),
        ("roles:\n  normal:\n    colour: red\n", 3, "roles.normal.colour", "unknown key"),
        ("colours: {}\nroles: {}\n", 1, "colours", "unknown key"),
        ("name: x\n", 1, "roles", "missing"),
        ("roles:\n  normal: { fg: red\n", 3, "", "YAML syntax"),
    ])
    func brokenThemesNameFileLineAndKey(yaml: String, line: Int, key: String, message: String) {
        do {
            _ = try ThemeLoader.parse(yaml, file: "broken.yaml", name: "broken")
            Issue.record("parsed a broken theme")
        } catch {
            #expect(error.file == "broken.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.key == key, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            #expect(error.description.hasPrefix("broken.yaml:\(line): "))
        }
    }

    @Test func brokenFileInADirectoryIsReportedNotFatal() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ethotop-themes-\(UUID())"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "roles:\n  normal: { fg: nope }\n".write(
            toFile: directory + "/bad.yaml", atomically: true, encoding: .utf8)
        try "roles:\n  normal: { fg: red }\n".write(
            toFile: directory + "/good.yaml", atomically: true, encoding: .utf8)
        var catalog = ThemeCatalog.load(from: [directory, Self.themesDirectory])
        #expect(catalog.index(of: "good") != nil)
        #expect(catalog.index(of: "dark") != nil)
        #expect(catalog.problems.count == 1)
        #expect(catalog.problems.first?.file == directory + "/bad.yaml")
        #expect(throws: ThemeError.self) { try catalog.select("bad") }
        #expect(throws: ThemeError.self) { try catalog.select("no-such-theme") }
        #expect(try catalog.select("good") == catalog.index(of: "good"))
    }

    @Test func userThemesShadowInstalledOnes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ethotop-user-\(UUID())"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "name: dark\nroles:\n  normal: { fg: magenta }\n".write(
            toFile: directory + "/dark.yaml", atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog.load(from: [directory, Self.themesDirectory])
        let dark = catalog.themes[catalog.index(of: "dark") ?? 0]
        #expect(dark.style(.normal).foreground == .named(5))
    }

    @Test func builtinsAreThereWithoutAnyDirectory() {
        let catalog = ThemeCatalog.load(from: ["/nonexistent/ethotop"])
        #expect(catalog.themes.map(\.name) == ["default", "mono"])
    }

    @Test func searchOrderIsUserThenInstalledThenSourceTree() {
        let directories = ThemeCatalog.searchDirectories(
            environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/home/u"], executablePath: "/opt/e/bin/ethotop",
            sourceFile: "/src/ethotop/Sources/Dashboard/Theme/ThemeCatalog.swift")
        #expect(directories == ["/x/ethotop/themes", "/opt/e/share/ethotop/themes", "/src/ethotop/themes"])
        let noXDG = ThemeCatalog.searchDirectories(
            environment: ["HOME": "/home/u"], executablePath: nil, sourceFile: "/s/a/b/c/d.swift")
        #expect(noXDG.first == "/home/u/.config/ethotop/themes")
    }
}

@Suite struct ThemeColorTests {
    @Test func namesDefaultAndHexParse() {
        #expect(ThemeColor(parsing: "default") == .terminalDefault)
        #expect(ThemeColor(parsing: "red") == .named(1))
        #expect(ThemeColor(parsing: "bright_white") == .named(15))
        #expect(ThemeColor(parsing: "brightred") == .named(9))
        #expect(ThemeColor(parsing: "grey") == .named(8))
        #expect(ThemeColor(parsing: "#FF8000") == .rgb(255, 128, 0))
        #expect(ThemeColor(parsing: "#12345") == nil)
        #expect(ThemeColor(parsing: "chartreuse") == nil)
    }

    @Test func rgbMapsToTheNearestOf256Or8() {
        #expect(ThemeColor.rgb(255, 0, 0).index(colors: 256) == 196)
        #expect(ThemeColor.rgb(0x1c, 0x1c, 0x1c).index(colors: 256) == 234)
        #expect(ThemeColor.rgb(0x5f, 0xaf, 0xff).index(colors: 256) == 75)
        #expect(ThemeColor.rgb(250, 10, 10).index(colors: 8) == 1)
        #expect(ThemeColor.rgb(10, 10, 10).index(colors: 8) == 0)
        #expect(ThemeColor.rgb(240, 240, 240).index(colors: 8) == 7)
        #expect(ThemeColor.named(9).index(colors: 8) == 1)
        #expect(ThemeColor.named(9).index(colors: 256) == 9)
        #expect(ThemeColor.terminalDefault.index(colors: 256) == -1)
    }
}
