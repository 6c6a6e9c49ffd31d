import Testing
@testable import Resilience

@Test func moduleNameIsStable() { #expect(ResilienceModule.name == "Resilience") }
