import Agent
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `serve`'s control API options as given, turned into an ``AgentConfiguration`` once the
/// environment (for the default socket) and the token file are read.
struct ControlOptions: Sendable {
    /// `--control`, possibly empty (then the default Unix socket).
    var addresses: [ControlAddress] = []
    /// `--token-file`.
    var tokenFile: String?
    /// `--control-group`.
    var group: String?
    /// `--max-clients`.
    var maxClients: Int = AgentConfiguration.defaultMaxClients
    /// `--stream-buffer` (hidden).
    var streamBufferBytes: Int = AgentConfiguration.defaultStreamBufferBytes

    /// The agent's configuration; throws a one-sentence ``AgentStartError`` for bad options.
    func configuration(environment: [String: String]) throws(AgentStartError) -> AgentConfiguration {
        var addresses = self.addresses
        if addresses.isEmpty {
            guard let address = ControlAddress.defaultAddress(environment: environment) else {
                throw AgentStartError("neither XDG_RUNTIME_DIR nor HOME is set: pass --control unix:PATH")
            }
            addresses = [address]
        }
        let configuration = AgentConfiguration(
            addresses: addresses, tokens: try tokenFile.map(Self.readTokens),
            group: try group.map(Self.groupID), maxClients: maxClients, streamBufferBytes: streamBufferBytes,
            version: EthotopVersion.string, pid: getpid())
        try configuration.validate()
        return configuration
    }

    /// Reads and parses the token file; refuses one that others may read or anyone else write.
    static func readTokens(_ path: String) throws(AgentStartError) -> AccessTokens {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw AgentStartError("cannot read the token file \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & 0o027 == 0 else {
            throw AgentStartError(
                "the token file \(path) is open to others (mode 0\(String(info.st_mode & 0o777, radix: 8))): chmod 600 it"
            )
        }
        guard info.st_size <= 1_048_576, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AgentStartError("cannot read the token file \(path) (UTF-8 text, at most 1 MiB)")
        }
        do {
            return try AccessTokens(parsing: text, path: path)
        } catch {
            throw AgentStartError(error.description)
        }
    }

    /// The id of group `name` (`getgrnam_r`).
    static func groupID(_ name: String) throws(AgentStartError) -> UInt32 {
        var entry = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 65_536)
        guard getgrnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else {
            throw AgentStartError("no group named '\(name)' (--control-group)")
        }
        return entry.gr_gid
    }
}
