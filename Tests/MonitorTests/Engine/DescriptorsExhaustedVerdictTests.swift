import Probe
import Resilience
import Testing

@testable import Monitor

/// Running out of file descriptors is ethotop's problem, not the service's: a local rejection
/// that is counted as `rejected`, never recorded by the breaker and never retried.
@Suite struct DescriptorsExhaustedVerdictTests {
    private let verdict = ProbeVerdict(
        error: ProbeError(
            .descriptorsExhausted, message: "no file descriptor for a socket: Too many open files"),
        redactor: Redactor())

    @Test func isALocalRejectionNamedDescriptorsExhausted() {
        #expect(verdict.errorKind == .descriptorsExhausted)
        #expect(ErrorKind.descriptorsExhausted.rawValue == "descriptors_exhausted")
        #expect(ErrorKind.descriptorsExhausted.isLocalRejection)
        #expect(!verdict.reachedNetwork)
        #expect(verdict.message.contains("Too many open files"))
    }

    @Test func theBreakerDoesNotRecordItEvenWithRecordAll() {
        #expect(OutcomeKind(.descriptorsExhausted, status: nil) == nil)
        var all = BreakerSpec()
        all.record = OutcomeKind.allCases
        #expect(verdict.breakerOutcome(all) == .ignored)
    }

    @Test func isNotRetried() {
        #expect(verdict.retryDecision == .doNotRetry)
    }
}
