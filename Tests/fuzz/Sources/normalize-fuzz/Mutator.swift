// The replay fuzzer's corpus and mutations (used when libFuzzer is not linked in).
import Foundation

enum Corpus {
    /// Every regular file under the given directories (one level) and the given files.
    static func load(_ paths: [String]) -> [[UInt8]] {
        var files: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { continue }
            if isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.sorted().map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        return files.compactMap { FileManager.default.contents(atPath: $0).map { Array($0) } }
    }
}

/// SplitMix64: a small, seedable generator, so a failing run can be repeated exactly.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Mutator {
    static let interesting: [[UInt8]] = [
        [0], [0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE, 0, 0], Array("<div>".utf8),
        Array("</div>".utf8), Array("{\"headline\":".utf8), [0x0A], [0x0D, 0x0A], [0xC3], [0xE2, 0x80], [0x80],
        Array("<meta charset=\"koi8-r\">".utf8), Array("\n\n".utf8), Array(" said. \"".utf8),
    ]

    static func mutate(_ corpus: [[UInt8]], _ rng: inout SplitMix) -> [UInt8] {
        var b = corpus[Int.random(in: 0..<corpus.count, using: &rng)]
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let at = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !b.isEmpty: b[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            case 1: b.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            case 2 where !b.isEmpty: b.removeSubrange(at..<min(b.count, at + Int.random(in: 1...64, using: &rng)))
            case 3: b.insert(contentsOf: interesting[Int.random(in: 0..<interesting.count, using: &rng)], at: at)
            case 4:
                let other = corpus[Int.random(in: 0..<corpus.count, using: &rng)]
                if !other.isEmpty {
                    let from = Int.random(in: 0..<other.count, using: &rng)
                    b.insert(contentsOf: other[from..<min(other.count, from + 512)], at: at)
                }
            case 5 where !b.isEmpty:
                let end = min(b.count, at + Int.random(in: 1...32, using: &rng))
                let chunk = Array(b[at..<end])
                for _ in 0..<Int.random(in: 1...50, using: &rng) { b.insert(contentsOf: chunk, at: at) }
            default: b = Array(b.prefix(Int.random(in: 0...b.count, using: &rng)))
            }
        }
        return b
    }
}
