/// The parts of a JSON document a set of conditions can read, as a tree of path steps, so that
/// ``JSONReader`` builds only those and skips the rest with a plain scan.
///
/// A node with `everything` set (a path ends there, or its steps mix kinds the reader does not
/// track separately) keeps its whole value. Skipping is what keeps a 4 KiB health document cheap:
/// building every member cost about 38 µs per probe, twice the probe itself.
final class JSONPathTrie: Sendable {
    /// Member steps by key bytes.
    let keys: [([UInt8], JSONPathTrie)]
    /// Element steps by non-negative index.
    let indexes: [(Int, JSONPathTrie)]
    /// The `[*]` step.
    let wildcard: JSONPathTrie?
    /// Keep this value whole.
    let everything: Bool

    private init(
        keys: [([UInt8], JSONPathTrie)], indexes: [(Int, JSONPathTrie)], wildcard: JSONPathTrie?,
        everything: Bool
    ) {
        self.keys = keys
        self.indexes = indexes
        self.wildcard = wildcard
        self.everything = everything
    }

    /// The trie of `paths`, or `nil` when the whole document is needed.
    static func make(_ paths: [[JSONAssertion.Segment]]) -> JSONPathTrie? {
        let node = build(paths[...].map { $0[...] })
        return node.everything ? nil : node
    }

    private static func build(_ paths: [ArraySlice<JSONAssertion.Segment>]) -> JSONPathTrie {
        // A path ending here, a negative index (counted from an end not yet known) or a wildcard
        // beside named steps: keep the value whole.
        let whole = JSONPathTrie(keys: [], indexes: [], wildcard: nil, everything: true)
        guard !paths.contains(where: \.isEmpty) else { return whole }
        var keyed: [(String, [ArraySlice<JSONAssertion.Segment>])] = []
        var indexed: [(Int, [ArraySlice<JSONAssertion.Segment>])] = []
        var wild: [ArraySlice<JSONAssertion.Segment>] = []
        for path in paths {
            let rest = path.dropFirst()
            switch path.first {
            case .key(let key)?:
                if let at = keyed.firstIndex(where: { $0.0 == key }) {
                    keyed[at].1.append(rest)
                } else {
                    keyed.append((key, [rest]))
                }
            case .index(let index)?:
                guard index >= 0 else { return whole }
                if let at = indexed.firstIndex(where: { $0.0 == index }) {
                    indexed[at].1.append(rest)
                } else {
                    indexed.append((index, [rest]))
                }
            case .wildcard?: wild.append(rest)
            case nil: return whole
            }
        }
        if !wild.isEmpty && !(keyed.isEmpty && indexed.isEmpty) { return whole }
        return JSONPathTrie(
            keys: keyed.map { (Array($0.0.utf8), build($0.1)) },
            indexes: indexed.map { ($0.0, build($0.1)) },
            wildcard: wild.isEmpty ? nil : build(wild), everything: false)
    }

    /// The step for member `key` (bytes of the raw key), or `nil` when no condition reads it.
    func member(_ key: some Sequence<UInt8>) -> JSONPathTrie? {
        if let wildcard { return wildcard }
        return keys.first { $0.0.elementsEqual(key) }?.1
    }

    /// The step for element `index`, or `nil` when no condition reads it.
    func element(_ index: Int) -> JSONPathTrie? {
        if let wildcard { return wildcard }
        return indexes.first { $0.0 == index }?.1
    }
}
