import Testing
@testable import ChaosServer

@Test func moduleNameIsStable() { #expect(ChaosServerModule.name == "ChaosServer") }
