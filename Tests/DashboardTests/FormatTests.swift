import Foundation
import Testing

@testable import Dashboard

@Suite struct FormatTests {
    @Test func fixedRoundsAndPads() {
        #expect(Format.fixed(12.345, 1) == "12.3")
        #expect(Format.fixed(0.05, 2) == "0.05")
        #expect(Format.fixed(2, 2) == "2.00")
        #expect(Format.fixed(-1.25, 1) == "-1.3")
        #expect(Format.fixed(.nan, 1) == "-")
    }

    @Test func millisecondsStayShort() {
        #expect(Format.milliseconds(0.421) == "0.42")
        #expect(Format.milliseconds(12.55) == "12.6")
        #expect(Format.milliseconds(340) == "340")
        #expect(Format.milliseconds(1_250) == "1.25s")
        #expect(Format.milliseconds(120_000) == "2.0m")
        for value in [0.001, 9.99, 99.9, 999, 9_999, 59_999, 3_600_000.0] {
            #expect(Format.milliseconds(value).count <= 6, "\(value)")
        }
    }

    @Test func durationsAndCountdowns() {
        #expect(Format.duration(.milliseconds(850)) == "850ms")
        #expect(Format.duration(.seconds(12)) == "12s")
        #expect(Format.duration(.seconds(245)) == "4m05s")
        #expect(Format.duration(.seconds(3_725)) == "1h02m")
        #expect(Format.duration(.seconds(273_600)) == "3d04h")
        #expect(Format.countdown(.milliseconds(8_100)) == "9s")
        #expect(Format.countdown(.seconds(65)) == "1m05s")
    }

    @Test func percentRateCountAndClock() {
        #expect(Format.percent(nil) == "-")
        #expect(Format.percent(1) == "100%")
        #expect(Format.percent(0.999) == "99.9%")
        #expect(Format.rate(12_345) == "12k")
        #expect(Format.count(9_999) == "9999")
        #expect(Format.count(12_345) == "12k")
        #expect(Format.count(3_400_000) == "3.4M")
        #expect(Format.clock(Date(timeIntervalSince1970: 3_661), utcOffset: 0) == "01:01:01")
        #expect(Format.clock(Date(timeIntervalSince1970: 3_661), utcOffset: 3_600) == "02:01:01")
    }

    @Test func sparklineScalesToTheLargestSampleAndMarksFailures() {
        let cells = Sparkline.cells([1, nil, 4, 8], width: 10, glyphs: .unicode)
        #expect(cells.map(\.character) == ["▂", "×", "▅", "█"])
        #expect(cells[1].role == .bad)
        #expect(cells[3].role == .graphHigh)
        #expect(Sparkline.cells(Array(repeating: 5, count: 50), width: 10, glyphs: .unicode).count == 10)
        let ascii = Sparkline.cells([1, 8, nil], width: 10, glyphs: .ascii)
        #expect(ascii.allSatisfy { $0.character.isASCII })
        let braille = Sparkline.cells([1, 8, 4, 2], width: 10, glyphs: .unicode, mode: .braille)
        #expect(braille.count == 2)
        #expect(braille.allSatisfy { ($0.character.unicodeScalars.first?.value ?? 0) >= 0x2800 })
    }
}
