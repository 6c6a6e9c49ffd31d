import ArgumentParser

@main
struct Ethotop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ethotop",
        abstract: "Watch services fail and recover: circuit breakers, retries, rate limits, latency.",
        version: "0.1.0"
    )

    func run() async throws {
        print("ethotop 0.1.0")
    }
}
