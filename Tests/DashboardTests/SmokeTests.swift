import Testing
@testable import Dashboard

@Test func moduleNameIsStable() { #expect(DashboardModule.name == "Dashboard") }
