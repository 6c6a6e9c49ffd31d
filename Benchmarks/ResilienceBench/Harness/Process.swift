#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a line to standard error (progress, so standard output stays the table).
func printError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

/// Ends the process with `status` (usage errors).
func exitProcess(_ status: Int32) -> Never {
    exit(status)
}
