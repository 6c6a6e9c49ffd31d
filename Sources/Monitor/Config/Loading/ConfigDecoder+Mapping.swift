import Yams

/// A checked view of one YAML mapping: known keys only, merge keys (`<<`) resolved.
struct Fields {
    /// The mapping node itself (its position is the first key's).
    let node: Node
    /// Which mapping this is.
    let section: ConfigSection
    /// Entries in file order, keys as text.
    let entries: [(key: String, keyNode: Node, value: Node)]

    /// The value of `key`, or `nil` when absent or null (null means "use the default").
    subscript(key: String) -> Node? {
        guard let value = entries.last(where: { $0.key == key })?.value, !ConfigDecoder.isNull(value) else {
            return nil
        }
        return value
    }

    /// The key node of `key`, for errors about the key itself.
    func keyNode(_ key: String) -> Node? { entries.last { $0.key == key }?.keyNode }

    /// The value node of `key` if present, else the key node, else the mapping: the best place to
    /// point at for an error about `key`.
    func position(_ key: String) -> Node { self[key] ?? keyNode(key) ?? node }
}

extension ConfigDecoder {
    /// The entries of `node`, which must be a mapping, with `<<` merge keys flattened in (explicit
    /// keys win). Records a wrong-type error and returns nil otherwise.
    func pairs(_ node: Node, what: String, depth: Int = 0) -> [(key: Node, value: Node)]? {
        guard visit(node) else { return nil }
        guard case .mapping(let mapping) = node else {
            error(
                .wrongType, at: node, "\(what) must be a mapping, not \(Self.describe(node))",
                hint: mappingHint(what))
            return nil
        }
        var explicit: [(key: Node, value: Node)] = []
        var merged: [(key: Node, value: Node)] = []
        for (key, value) in mapping {
            if case .scalar(let scalar) = key, scalar.string == "<<", scalar.style == .plain, depth < 8 {
                let sources: [Node]
                if case .sequence(let sequence) = value {
                    sources = Array(sequence)
                } else {
                    sources = [value]
                }
                for source in sources {
                    merged += pairs(source, what: "a merge (<<) source", depth: depth + 1) ?? []
                }
            } else {
                explicit.append((key, value))
            }
        }
        let explicitKeys = Set(explicit.compactMap(\.key.scalar?.string))
        var seen = Set<String>()
        let inherited = merged.reversed().filter { pair in
            guard let key = pair.key.scalar?.string else { return false }
            return !explicitKeys.contains(key) && seen.insert(key).inserted
        }.reversed()
        return explicit + inherited
    }

    /// A ``Fields`` view of `node` for `section`: unknown keys and non-text keys are reported and
    /// dropped. `what` names the mapping in messages (e.g. `breaker`).
    func fields(_ node: Node, _ section: ConfigSection, what: String? = nil) -> Fields? {
        guard let pairs = pairs(node, what: what ?? section.label) else { return nil }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in pairs {
            guard case .scalar(let scalar) = keyNode else {
                error(.wrongType, at: keyNode, "a key must be plain text, not \(Self.describe(keyNode))")
                continue
            }
            guard section.keys.contains(scalar.string) else {
                error(
                    .unknownKey, at: keyNode,
                    "unknown key \(ValueText.quoted(scalar.string)) in \(section.label)",
                    hint: section.hint(forUnknown: scalar.string))
                continue
            }
            entries.append((scalar.string, keyNode, value))
        }
        return Fields(node: node, section: section, entries: entries)
    }

    /// Reports keys that appear twice in one mapping, anywhere in the tree (YAML parsers keep the
    /// last silently, which hides typos such as two `timeout:` lines).
    func checkDuplicateKeys(_ node: Node) {
        guard visit(node) else { return }
        switch node {
        case .scalar: return
        case .sequence(let sequence):
            for item in sequence { checkDuplicateKeys(item) }
        case .mapping(let mapping):
            var first: [String: Node] = [:]
            for (key, value) in mapping {
                if case .scalar(let scalar) = key, scalar.string != "<<" {
                    if let earlier = first[scalar.string] {
                        error(
                            .duplicateKey, at: key, "duplicate key \(ValueText.quoted(scalar.string))",
                            hint: "it is already set at line \(earlier.mark?.line ?? 0); keep one")
                    } else {
                        first[scalar.string] = key
                    }
                }
                checkDuplicateKeys(value)
                if exhausted { return }
            }
        }
    }

    /// `over` laid on `base`: mappings merge key by key (recursively), anything else in `over`
    /// replaces `base`. Only `allowedKeys` of `base`'s top level are taken. Header names compare
    /// case-insensitively, as HTTP does.
    func overlay(base: Node?, over: Node, allowedKeys: Set<String>? = nil, caseInsensitive: Bool = false)
        -> Node
    {
        guard let base, case .mapping = base, case .mapping(let overMapping) = over,
            let basePairs = pairs(base, what: "defaults"), let overPairs = pairs(over, what: "an endpoint")
        else { return over }
        func normal(_ key: Node) -> String? {
            guard let text = key.scalar?.string else { return nil }
            return caseInsensitive ? text.lowercased() : text
        }
        let overKeys = Set(overPairs.compactMap { normal($0.key) })
        var result: [(Node, Node)] = []
        for (key, value) in basePairs {
            guard let name = normal(key), allowedKeys?.contains(name) ?? true, !overKeys.contains(name) else {
                continue
            }
            result.append((key, value))
        }
        for (key, value) in overPairs {
            let name = normal(key)
            if let name, let baseValue = basePairs.last(where: { normal($0.key) == name })?.value,
                allowedKeys?.contains(name) ?? true
            {
                let merged = overlay(base: baseValue, over: value, caseInsensitive: name == "headers")
                result.append((key, merged))
            } else {
                result.append((key, value))
            }
        }
        return .mapping(Node.Mapping(result, overMapping.tag, overMapping.style, overMapping.mark))
    }

    private func mappingHint(_ what: String) -> String? {
        switch what {
        case "headers":
            return "write headers as Name: value pairs, e.g. headers: { Accept: application/json }"
        case "breaker", "retry", "http", "expect", "defaults":
            return "write \(what): followed by indented key: value lines"
        default: return nil
        }
    }
}
