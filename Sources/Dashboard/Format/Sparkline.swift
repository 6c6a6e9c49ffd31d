/// Turns recent latencies into a row of level glyphs.
///
/// Each sample becomes one cell (block style) or half a cell (braille style packs two samples
/// per character); a failed probe (`nil`) becomes a failure mark. Heights are relative to the
/// largest sample shown, so a flat line means steady latency at any scale; colour (low, middle,
/// top third) is the gradient roles'.
public enum Sparkline {
    /// How samples are drawn.
    public enum Mode: Sendable {
        /// One sample per cell, eight levels (`▁`…`█`, or ASCII `_`…`#`).
        case blocks
        /// Two samples per cell, four levels each (braille dots); blocks in ASCII mode.
        case braille
    }

    /// One cell of a sparkline.
    public struct Cell: Sendable, Equatable {
        /// The glyph as the grid stores it (no `Character` per sample on the drawing path).
        var glyph: Glyph
        /// Its colour role.
        public var role: StyleRole

        init(glyph: Glyph, role: StyleRole) {
            self.glyph = glyph
            self.role = role
        }

        /// The glyph.
        public var character: Character {
            get { glyph.character }
            set { glyph = Glyph(newValue) }
        }
    }

    /// The cells for the last samples that fit in `width` columns.
    public static func cells(
        _ samples: [Double?], width: Int, glyphs: Glyphs, mode: Mode = .blocks
    ) -> [Cell] {
        guard width > 0, !samples.isEmpty else { return [] }
        let useBraille = mode == .braille && !glyphs.isASCII
        let perCell = useBraille ? 2 : 1
        let shown = samples.suffix(width * perCell)
        var top = 0.0
        for case let value? in shown where value.isFinite { top = max(top, value) }
        if useBraille { return braille(Array(shown), top: top) }
        let levels = glyphs.sparkLevels.map(Glyph.init)
        let failure = Glyph(glyphs.sparkFailure)
        return shown.map { sample in
            guard let sample, sample.isFinite else { return Cell(glyph: failure, role: .bad) }
            let level = self.level(sample, top: top, steps: levels.count)
            return Cell(glyph: levels[level], role: role(level, of: levels.count))
        }
    }

    private static func level(_ value: Double, top: Double, steps: Int) -> Int {
        guard top > 0 else { return 0 }
        return min(steps - 1, max(0, Int((value / top * Double(steps - 1)).rounded())))
    }

    private static func role(_ level: Int, of steps: Int) -> StyleRole {
        let third = Double(level) / Double(max(1, steps - 1))
        return third < 0.34 ? .graphLow : (third < 0.67 ? .graphMid : .graphHigh)
    }

    /// Braille: the left column of dots is the first sample, the right column the second; dots
    /// fill from the bottom (dot 7/8, then 3/6, 2/5, 1/4).
    private static func braille(_ samples: [Double?], top: Double) -> [Cell] {
        let leftDots: [UInt32] = [0x40, 0x04, 0x02, 0x01]
        let rightDots: [UInt32] = [0x80, 0x20, 0x10, 0x08]
        var cells: [Cell] = []
        var index = samples.count % 2 == 0 ? 0 : -1
        while index < samples.count {
            var bits: UInt32 = 0
            var worst = 0
            var failed = false
            for (offset, dots) in [(0, leftDots), (1, rightDots)] {
                let position = index + offset
                guard position >= 0 else { continue }
                guard let value = samples[position], value.isFinite else {
                    failed = true
                    continue
                }
                let level = self.level(value, top: top, steps: 4)
                for dot in 0...level { bits |= dots[dot] }
                worst = max(worst, level)
            }
            let glyph = Unicode.Scalar(0x2800 + bits).map { Glyph(scalar: $0) } ?? .space
            cells.append(
                Cell(glyph: failed ? Glyph("×") : glyph, role: failed ? .bad : role(worst, of: 4)))
            index += 2
        }
        return cells
    }
}
