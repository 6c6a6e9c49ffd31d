/// One character cell of the screen: a grapheme, the role that colours it, and extra attributes.
///
/// A wide grapheme (CJK, emoji) occupies two cells: the first carries the character with
/// `width == 2`, the second is a continuation with `width == 0` that painters skip.
///
/// Plain memory (`BitwiseCopyable`, no references): the grapheme is a ``Glyph`` of at most five
/// scalars, what a curses cell can hold and paint, so grids are filled, copied, diffed and freed
/// without reference counting. ``character`` reads and writes it as a `Character`.
public struct Cell: Sendable, Equatable, BitwiseCopyable {
    /// The grapheme drawn in this cell (a space when blank), as stored and painted.
    public var glyph: Glyph
    /// The theme role that gives the cell its colours and base attributes.
    public var role: StyleRole
    /// Attributes added on top of the role's.
    public var attributes: CellAttributes
    /// Display width: 1 for a normal cell, 2 for the first half of a wide grapheme, 0 for its second half.
    public var width: UInt8

    /// Creates a cell.
    public init(
        character: Character = " ", role: StyleRole = .normal, attributes: CellAttributes = [],
        width: UInt8 = 1
    ) {
        self.init(glyph: Glyph(character), role: role, attributes: attributes, width: width)
    }

    /// Creates a cell from a stored glyph (the grid's hot paths: no `Character` involved).
    @inline(__always)
    public init(glyph: Glyph, role: StyleRole, attributes: CellAttributes, width: UInt8 = 1) {
        self.glyph = glyph
        self.role = role
        self.attributes = attributes
        self.width = width
    }

    /// The grapheme drawn in this cell (a space when blank); one of more than five scalars is
    /// kept to its first five, see ``Glyph``.
    public var character: Character {
        get { glyph.character }
        set { glyph = Glyph(newValue) }
    }

    /// A blank cell in `role`.
    public static func blank(_ role: StyleRole = .normal) -> Cell {
        Cell(glyph: .space, role: role, attributes: [])
    }

    /// Whether this cell is the second half of a wide grapheme.
    public var isContinuation: Bool { width == 0 }
}

/// The look of drawn text: a theme role plus extra attributes.
public struct Style: Sendable, Hashable {
    /// The role whose colours apply.
    public var role: StyleRole
    /// Attributes added on top of the role's.
    public var attributes: CellAttributes

    /// Creates a style.
    public init(_ role: StyleRole, _ attributes: CellAttributes = []) {
        self.role = role
        self.attributes = attributes
    }

    /// Plain text.
    public static let normal = Style(.normal)
}
