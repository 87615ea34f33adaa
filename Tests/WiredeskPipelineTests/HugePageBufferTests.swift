import Testing

@testable import WiredeskPipeline

@Suite("HugePageBuffer")
struct HugePageBufferTests {
    @Test func copiesSmallAndLargeTablesExactly() {
        // Below and above the 2 MiB threshold where the buffer is aligned and marked for huge pages.
        for count in [0, 1, 17, (3 << 20) / 4 + 5] {
            let source = (0..<count).map { Float($0) * 0.5 - 3 }
            let copy = HugePageBuffer(source)
            #expect(copy.count == count)
            #expect(Array(copy.buffer) == source)
        }
    }

    @Test func largeBuffersAreAlignedToHugePages() {
        let table = HugePageBuffer<UInt64>(count: 600_000) { $0.initialize(repeating: 7) }
        let address = UInt(bitPattern: table.buffer.baseAddress)
        #expect(address % UInt(HugePageBuffer<UInt64>.hugePageSize) == 0)
        #expect(table.buffer.allSatisfy { $0 == 7 })
    }

    @Test func zeroedBuffersStartAtZeroAndKeepWhatFillWrote() {
        // Small (malloc, cleared) and large (an anonymous mapping, zero from the kernel, aligned to 2 MiB).
        for count in [0, 5, 1_000, 3 << 20] {
            let table = HugePageBuffer<Float>(zeroedCount: count) { weights in
                var k = 1
                while k < weights.count {
                    weights[k] = Float(k)
                    k *= 3
                }
            }
            #expect(table.count == count)
            var expected = [Float](repeating: 0, count: count)
            var k = 1
            while k < count {
                expected[k] = Float(k)
                k *= 3
            }
            #expect(Array(table.buffer) == expected)
            if count * 4 >= HugePageBuffer<Float>.hugePageSize {
                #expect(UInt(bitPattern: table.buffer.baseAddress) % UInt(HugePageBuffer<Float>.hugePageSize) == 0)
            }
        }
    }
}
