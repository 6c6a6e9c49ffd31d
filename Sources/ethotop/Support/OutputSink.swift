import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command's output goes: standard output in production, a buffer in tests.
protocol OutputSink: Sendable {
    /// Writes `text` entirely; `false` when the reader has gone (e.g. `ethotop watch | head`).
    @discardableResult
    func write(_ text: String) -> Bool

    /// Writes `bytes` entirely (they may end inside a UTF-8 sequence that the next call finishes);
    /// `false` when the reader has gone.
    @discardableResult
    func write(bytes: Data) -> Bool
}

/// Unbuffered writes to a file descriptor, one `write` loop per call, so each JSON line reaches
/// a pipe as soon as it is produced and a closed pipe is noticed (EPIPE, with SIGPIPE ignored)
/// rather than killing the process.
struct FileDescriptorSink: OutputSink {
    /// The descriptor.
    let descriptor: Int32

    /// Standard output.
    static let standardOutput = FileDescriptorSink(descriptor: 1)
    /// Standard error: for the few lines a headless command prints about itself.
    static let standardError = FileDescriptorSink(descriptor: 2)

    @discardableResult
    func write(_ text: String) -> Bool {
        write(bytes: Data(text.utf8))
    }

    @discardableResult
    func write(bytes: Data) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                    let written = Glibc.write(
                        descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                #else
                    let written = Darwin.write(
                        descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Makes a closed pipe an error return instead of a fatal signal.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }
}
