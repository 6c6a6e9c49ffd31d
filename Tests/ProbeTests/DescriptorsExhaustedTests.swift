import CCurl
import Glibc
import Testing

@testable import Probe

/// A `socket(2)` that fails for want of descriptors is named as such, whatever `CURLcode` libcurl
/// made of it. (The real process running out is `ListenerBoundsTests` in EthotopTests: lowering
/// this process's limit would break the tests running beside it.)
@Suite struct DescriptorsExhaustedTests {
    private let request = ProbeRequest(url: "http://127.0.0.1:9/")

    @Test(arguments: [EMFILE, ENFILE])
    func socketErrnoOfExhaustionWinsOverTheCurlCode(errno: Int32) {
        for code in [CURLE_COULDNT_CONNECT, CURLE_OUT_OF_MEMORY, CURLE_COULDNT_RESOLVE_HOST] {
            let kind = ProbeError.Kind.classify(
                code, marks: PhaseTimings.Marks(), request: request, bodyTooLarge: false, socketErrno: errno)
            #expect(kind == .descriptorsExhausted)
        }
    }

    @Test func otherSocketErrorsKeepTheirCurlMeaning() {
        for socketErrno: Int32 in [0, EACCES, EAFNOSUPPORT] {
            let kind = ProbeError.Kind.classify(
                CURLE_COULDNT_CONNECT, marks: PhaseTimings.Marks(), request: request, bodyTooLarge: false,
                socketErrno: socketErrno)
            #expect(kind == .connectRefused)
        }
        #expect(ProbeError.Kind.descriptorsExhausted.description == "descriptorsExhausted")
    }
}
