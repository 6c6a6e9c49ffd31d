import Testing
@testable import Monitor

@Test func moduleNameIsStable() { #expect(MonitorModule.name == "Monitor") }
