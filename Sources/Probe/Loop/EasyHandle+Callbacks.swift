import CCurl

/// `CURLOPT_WRITEFUNCTION`: counts body bytes, keeps the prefix, and aborts past `maxBodyBytes`
/// (returning less than given makes libcurl fail the transfer with `CURLE_WRITE_ERROR`).
let easyWriteCallback: curl_write_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let handle = Unmanaged<EasyHandle>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    guard let data, length > 0 else { return length }
    return handle.receiveBody(UnsafeRawBufferPointer(start: data, count: length))
}

/// `CURLOPT_HEADERFUNCTION`: called once per header line, status lines included.
let easyHeaderCallback: curl_write_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let handle = Unmanaged<EasyHandle>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    guard let data, length > 0 else { return length }
    handle.receiveHeader(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

extension EasyHandle {
    /// Accounts for one chunk of body; returns the bytes accepted (0 aborts the transfer).
    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        if bodyBytes + chunk.count > maxBodyBytes {
            bodyTooLarge = true
            return 0
        }
        bodyBytes += chunk.count
        let room = ProbeResult.bodyPrefixLimit - bodyPrefix.count
        if room > 0 { bodyPrefix.append(contentsOf: chunk.prefix(room)) }
        return chunk.count
    }

    /// Records the reason phrase and `Retry-After` of the latest response. A new status line (after a
    /// `100 Continue` or a redirect) starts over, so both describe the response the caller gets.
    func receiveHeader(_ line: UnsafeRawBufferPointer) {
        let trimmed = Self.trimmingLineEnd(line)
        if Self.hasPrefix(trimmed, "HTTP/", caseInsensitive: false) {
            reasonPhrase.removeAll(keepingCapacity: true)
            retryAfterValue = nil
            // "HTTP/1.1 503 Service Unavailable": the reason is whatever follows the second space.
            var spaces = 0
            var index = trimmed.startIndex
            while index < trimmed.endIndex, spaces < 2 {
                if trimmed[index] == UInt8(ascii: " ") { spaces += 1 }
                index += 1
            }
            if spaces == 2 { reasonPhrase.append(contentsOf: trimmed[index...]) }
        } else if Self.hasPrefix(trimmed, "retry-after:", caseInsensitive: true) {
            let value = trimmed.dropFirst("retry-after:".utf8.count)
            retryAfterValue = Array(value)
        }
    }

    private static func trimmingLineEnd(_ line: UnsafeRawBufferPointer) -> Slice<UnsafeRawBufferPointer> {
        var end = line.endIndex
        while end > line.startIndex,
            line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r")
        {
            end -= 1
        }
        return line[line.startIndex..<end]
    }

    private static func hasPrefix(
        _ bytes: Slice<UnsafeRawBufferPointer>, _ prefix: StaticString, caseInsensitive: Bool
    ) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let start = prefix.utf8Start
        for offset in 0..<count {
            var byte = bytes[bytes.startIndex + offset]
            if caseInsensitive, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != start[offset] { return false }
        }
        return true
    }
}
