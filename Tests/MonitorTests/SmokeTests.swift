import Testing

@testable import Monitor

@Test func commandsCarryTheirTarget() {
    let command = ControlCommand(.forceOpen, .group("edge"))
    #expect(command.target == .group("edge"))
    #expect(ControlCommand.Action.forceOpen.rawValue == "force_open")
}
