import Testing
@testable import Probe

@Test func moduleNameIsStable() { #expect(ProbeModule.name == "Probe") }
