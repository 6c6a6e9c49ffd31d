/// One character cell of the screen: a grapheme, the role that colours it, and extra attributes.
///
/// A wide grapheme (CJK, emoji) occupies two cells: the first carries the character with
/// `width == 2`, the second is a continuation with `width == 0` that painters skip.
public struct Cell: Sendable, Equatable {
    /// The grapheme drawn in this cell (a space when blank).
    public var character: Character
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
        self.character = character
        self.role = role
        self.attributes = attributes
        self.width = width
    }

    /// A blank cell in `role`.
    public static func blank(_ role: StyleRole = .normal) -> Cell { Cell(role: role) }

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
