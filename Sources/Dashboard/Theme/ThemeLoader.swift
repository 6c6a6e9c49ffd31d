import Foundation
import Yams

/// Parses theme YAML into a ``Theme``, reporting problems with file, line and key.
///
/// Format (see docs/DASHBOARD.md):
/// ```yaml
/// name: dark                 # optional; defaults to the file name
/// palette:                   # optional named colours
///   bg: "#1c1c1c"            # quote #rrggbb: an unquoted # starts a YAML comment
/// roles:
///   normal: { fg: white, bg: bg }
///   state_open: { fg: red, attrs: [bold] }
/// ```
/// Colours are the 16 names, `default`, `#rrggbb` or a palette name. Unknown keys are errors,
/// not silently ignored, so a typo in a role name is found at once.
public enum ThemeLoader {
    /// Parses `yaml` read from `file` (the name used in errors); `name` is the fallback theme name.
    public static func parse(_ yaml: String, file: String, name fallbackName: String) throws(ThemeError)
        -> Theme
    {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ThemeError(file: file, line: 0, key: "", message: "empty theme file")
            }
            root = node
        } catch let error as ThemeError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw ThemeError(file: file, line: 0, key: "", message: "cannot parse: \(error)")
        }
        guard let mapping = root.mapping else {
            throw ThemeError(
                file: file, line: line(root), key: "", message: "expected a mapping with palette and roles")
        }
        var context = Context(file: file)
        var name = fallbackName
        var rolesNode: (Node, Node)?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "name":
                guard let text = value.string, !text.isEmpty else {
                    throw context.error(value, "name", "expected a string")
                }
                name = text
            case "description", "author":
                break
            case "palette":
                try context.readPalette(value)
            case "roles":
                rolesNode = (keyNode, value)
            default:
                throw context.error(keyNode, key, "unknown key (expected name, description, palette, roles)")
            }
        }
        guard let (rolesKey, roles) = rolesNode else {
            throw ThemeError(
                file: file, line: line(root), key: "roles", message: "missing: a theme must define roles")
        }
        let defined = try context.readRoles(roles, keyNode: rolesKey)
        return Theme(name: name, origin: file, styles: resolve(defined))
    }

    /// Fills every role from its fallback chain, field by field.
    static func resolve(_ defined: [StyleRole: PartialStyle]) -> [StyleRole: RoleStyle] {
        var resolved: [StyleRole: RoleStyle] = [:]
        func style(_ role: StyleRole) -> RoleStyle {
            if let done = resolved[role] { return done }
            let base = role.fallback.map(style) ?? RoleStyle()
            let partial = defined[role] ?? PartialStyle()
            let result = RoleStyle(
                foreground: partial.foreground ?? base.foreground,
                background: partial.background ?? base.background,
                attributes: partial.attributes ?? base.attributes)
            resolved[role] = result
            return result
        }
        for role in StyleRole.allCases { _ = style(role) }
        return resolved
    }

    /// A role as written: any field may be left to inherit.
    struct PartialStyle {
        var foreground: ThemeColor?
        var background: ThemeColor?
        var attributes: CellAttributes?
    }

    static func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    static func syntaxError(_ error: YamlError, file: String) -> ThemeError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ThemeError(file: file, line: mark.line, key: "", message: "YAML syntax: \(problem)")
        default:
            return ThemeError(file: file, line: 0, key: "", message: "YAML: \(error)")
        }
    }

    /// Parsing state: the file name and the palette read so far.
    struct Context {
        var file: String
        var palette: [String: ThemeColor] = [:]

        func error(_ node: Node, _ key: String, _ message: String) -> ThemeError {
            ThemeError(file: file, line: ThemeLoader.line(node), key: key, message: message)
        }

        mutating func readPalette(_ node: Node) throws(ThemeError) {
            if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" { return }
            guard let mapping = node.mapping else {
                throw error(node, "palette", "expected a mapping of name: colour")
            }
            for (keyNode, value) in mapping {
                let name = keyNode.string ?? ""
                let path = "palette." + name
                palette[name.lowercased()] = try color(value, path: path)
            }
        }

        mutating func readRoles(_ node: Node, keyNode: Node) throws(ThemeError) -> [StyleRole: PartialStyle] {
            guard let mapping = node.mapping else {
                throw error(keyNode, "roles", "expected a mapping of role: style")
            }
            var defined: [StyleRole: PartialStyle] = [:]
            for (roleKey, value) in mapping {
                let name = roleKey.string ?? ""
                guard let role = StyleRole(rawValue: name) else {
                    throw error(
                        roleKey, "roles." + name,
                        "unknown role; known roles: "
                            + StyleRole.allCases.map(\.rawValue).joined(separator: ", "))
                }
                defined[role] = try style(value, path: "roles." + name)
            }
            return defined
        }

        func style(_ node: Node, path: String) throws(ThemeError) -> PartialStyle {
            var style = PartialStyle()
            if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" { return style }
            guard let mapping = node.mapping else {
                throw error(node, path, "expected a mapping like { fg: red, bg: default, attrs: [bold] }")
            }
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                let here = path + "." + key
                switch key {
                case "fg", "foreground": style.foreground = try color(value, path: here)
                case "bg", "background": style.background = try color(value, path: here)
                case "attrs", "attributes": style.attributes = try attributes(value, path: here)
                default: throw error(keyNode, here, "unknown key (expected fg, bg, attrs)")
                }
            }
            return style
        }

        func color(_ node: Node, path: String) throws(ThemeError) -> ThemeColor {
            guard case .scalar(let scalar) = node else { throw error(node, path, "expected a colour") }
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text == "~" || text == "null" {
                throw error(
                    node, path,
                    "missing colour (quote #rrggbb values: \"#1c1c1c\" — unquoted # starts a comment)")
            }
            if let named = palette[text.lowercased()] { return named }
            guard let parsed = ThemeColor(parsing: text) else {
                throw error(
                    node, path,
                    "unknown colour \"\(text)\" (use a palette name, one of the 16 names, default, or \"#rrggbb\")"
                )
            }
            return parsed
        }

        func attributes(_ node: Node, path: String) throws(ThemeError) -> CellAttributes {
            var words: [(String, Node)] = []
            switch node {
            case .sequence(let sequence):
                for item in sequence {
                    guard let word = item.string else { throw error(item, path, "expected attribute names") }
                    words.append((word, item))
                }
            case .scalar(let scalar):
                for word in scalar.string.split(whereSeparator: { $0 == " " || $0 == "," }) {
                    words.append((String(word), node))
                }
            case .mapping:
                throw error(node, path, "expected a list like [bold, underline]")
            }
            var result: CellAttributes = []
            for (word, item) in words {
                guard let attribute = CellAttributes.names.first(where: { $0.0 == word.lowercased() })?.1
                else {
                    throw error(
                        item, path,
                        "unknown attribute \"\(word)\" (expected \(CellAttributes.names.map(\.0).joined(separator: ", ")))"
                    )
                }
                result.insert(attribute)
            }
            return result
        }
    }
}
