import ArgumentParser
import Exporter
import Foundation
import Testing

@testable import ethotop

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct DurationArgumentTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("5s", .seconds(5)), ("1.5s", .milliseconds(1_500)),
        ("2m", .seconds(120)), ("1h", .seconds(3_600)), ("1m30s", .seconds(90)), ("1h30m", .seconds(5_400)),
    ])
    func parses(text: String, expected: Duration) {
        #expect(DurationArgument(argument: text)?.duration == expected)
    }

    @Test(arguments: ["", "5", "s", "-1s", "0s", "5 s", "1e3s", "5sec", "nanms", "1x"])
    func rejects(text: String) {
        #expect(DurationArgument(argument: text) == nil)
    }

    @Test func formatsForHelpAsTheConfigDoes() {
        #expect(DurationArgument(.seconds(5)).defaultValueDescription == "5s")
        #expect(DurationArgument(.milliseconds(250)).defaultValueDescription == "250ms")
        #expect(DurationArgument(.seconds(120)).defaultValueDescription == "2m")
        #expect(DurationArgument(.seconds(90)).defaultValueDescription == "1m30s")
    }
}

@Suite struct CommandParsingTests {
    @Test func snapshotOptions() throws {
        let command = try #require(
            try Ethotop.parseAsRoot([
                "snapshot", "--duration", "250ms", "--format", "table", "--fail-on-open",
            ])
                as? SnapshotCommand)
        #expect(command.duration.duration == .milliseconds(250))
        #expect(command.format == .table)
        #expect(command.failOnOpen)
        let defaults = try #require(try Ethotop.parseAsRoot(["snapshot"]) as? SnapshotCommand)
        #expect(defaults.duration.duration == .seconds(5))
        #expect(defaults.format == .json)
        #expect(!defaults.failOnOpen)
    }

    @Test func serveListenAddress() throws {
        let command = try #require(
            try Ethotop.parseAsRoot(["serve", "--metrics-listen", "[::1]:9100", "--config", "c.yaml"])
                as? ServeCommand)
        #expect(command.metricsListen == ListenAddress(host: "::1", port: 9_100))
        #expect(command.common.config == "c.yaml")
        let defaults = try #require(try Ethotop.parseAsRoot(["serve"]) as? ServeCommand)
        #expect(defaults.metricsListen == .default)
        #expect(throws: (any Error).self) { try Ethotop.parseAsRoot(["serve", "--metrics-listen", "9100"]) }
    }

    @Test func rootDashboardOptions() throws {
        let command = try #require(
            try Ethotop.parseAsRoot([
                "--config", "x.yaml", "--theme", "mono", "--refresh", "500ms", "--no-color", "--ascii",
                "--log-level",
                "debug",
            ]) as? Ethotop)
        #expect(
            command.display.dashboardOptions(refresh: command.timing)
                == DashboardOptions(theme: "mono", refresh: .milliseconds(500), noColor: true, ascii: true))
        #expect(command.common.logLevel == .debug)
        #expect(throws: (any Error).self) { try Ethotop.parseAsRoot(["--log-level", "loud"]) }
        let noMouse = try #require(try Ethotop.parseAsRoot(["--no-mouse"]) as? Ethotop)
        #expect(!noMouse.display.dashboardOptions(refresh: noMouse.timing).mouse)
        #expect(command.display.dashboardOptions(refresh: command.timing).mouse)
    }

    @Test func watchAndDemoAndCheck() throws {
        let watch = try #require(try Ethotop.parseAsRoot(["watch", "--refresh", "2s"]) as? WatchCommand)
        #expect(watch.timing.refresh?.duration == .seconds(2))
        let demoRefresh = try #require(try Ethotop.parseAsRoot(["demo", "--refresh", "1s"]) as? DemoCommand)
        #expect(demoRefresh.timing.refresh?.duration == .seconds(1))
        let demo = try #require(try Ethotop.parseAsRoot(["demo", "--headless"]) as? DemoCommand)
        #expect(demo.headless)
        #expect(try Ethotop.parseAsRoot(["check", "--config", "a.yaml"]) is CheckCommand)
    }

    @Test func versionComesFromTheOneConstant() {
        #expect(Ethotop.configuration.version == EthotopVersion.string)
    }
}

@Suite struct TerminationSignalsTests {
    /// SIGUSR2 stands in for SIGINT/SIGTERM, so the test cannot stop the test runner. It is sent
    /// to the process, as Ctrl-C and `kill` do (`raise` would target one thread only).
    @Test func aSignalEndsTheWorkAndIsReported() async {
        let signals = TerminationSignals([SIGUSR2])
        let signal = await signals.run {
            kill(getpid(), SIGUSR2)
            try? await Task.sleep(for: .seconds(60))  // cancelled by the signal, not waited out
        }
        #expect(signal == SIGUSR2)
        #expect(signals.received == SIGUSR2)
    }

    @Test func workThatFinishesFirstReturnsNil() async {
        let signals = TerminationSignals([SIGUSR1])
        let signal = await signals.run {}
        #expect(signal == nil)
    }
}
