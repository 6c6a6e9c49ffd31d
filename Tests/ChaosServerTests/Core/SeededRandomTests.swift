@testable import ChaosServer
import Testing

@Suite("SeededRandom")
struct SeededRandomTests {
    @Test("draws are a pure function of seed, stream and index")
    func pure() {
        let a = (0..<100).map { SeededRandom.unit(seed: 9, stream: "/flaky?p=0.3", index: $0) }
        let b = (0..<100).map { SeededRandom.unit(seed: 9, stream: "/flaky?p=0.3", index: $0) }
        let c = (0..<100).map { SeededRandom.unit(seed: 9, stream: "/flaky?p=0.5", index: $0) }
        #expect(a == b)
        #expect(a != c)
        #expect(a.allSatisfy { (0..<1).contains($0) })
    }

    @Test("unit draws are roughly uniform and integers stay in range")
    func distribution() {
        let draws = (0..<10_000).map { SeededRandom.unit(seed: 1, stream: "s", index: $0) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.5) < 0.02)
        let below = draws.filter { $0 < 0.3 }.count
        #expect((2_800...3_200).contains(below))
        let ints = (0..<1_000).map { SeededRandom.integer(in: 50...52, seed: 1, stream: "d", index: $0) }
        #expect(Set(ints) == [50, 51, 52])
    }
}
