/// Why the agent could not start listening: said in one sentence, for standard error.
public struct AgentStartError: Error, Equatable, CustomStringConvertible {
    /// The sentence.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
