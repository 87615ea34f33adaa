#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A read-only table of model weights in memory that asks the kernel for 2 MiB pages.
///
/// Why: the NER weights are 19 MB a stage, read at random (one row per feature of every token). With 4 KiB pages
/// nearly every read also misses the TLB, and `perf` put NER decoding at 19 % of the extract stage, almost all of it
/// waiting on those reads; with 2 MiB pages (the same binary run with glibc's `glibc.malloc.hugetlb=1`) it was
/// 14 % (2026-12-03). Debian's kernels give huge pages only to memory marked with `madvise(MADV_HUGEPAGE)`
/// (`/sys/kernel/mm/transparent_hugepage/enabled` is `madvise`), so the buffer is aligned to 2 MiB and marked before
/// it is first written. Where the kernel says no (THP off, other systems), the memory is ordinary and works the same.
///
/// Filled once in `init` and never written afterwards, so it is safe to share between threads.
public final class HugePageBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    public let buffer: UnsafeBufferPointer<Element>
    private let base: UnsafeMutableRawPointer
    /// The anonymous mapping `base` lies in (`init(zeroedCount:)` of a large table); nil for `malloc`ed memory.
    private let mapping: (start: UnsafeMutableRawPointer, length: Int)?

    static var hugePageSize: Int { 2 << 20 }

    /// A copy of `source`.
    public convenience init(_ source: [Element]) {
        self.init(count: source.count) { target in
            _ = target.initialize(from: source)
        }
    }

    /// `count` elements written by `fill`, which must initialize all of them.
    public init(count: Int, fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        let bytes = max(1, count * MemoryLayout<Element>.stride)
        let huge = bytes >= Self.hugePageSize
        let alignment = huge ? Self.hugePageSize : max(64, MemoryLayout<Element>.alignment)
        let rounded = (bytes + alignment - 1) / alignment * alignment
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, rounded) == 0, let raw else {
            fatalError("out of memory: \(rounded) bytes for model weights")
        }
        // Advice only: an error (a kernel without THP) leaves ordinary pages.
        if huge { _ = madvise(raw, rounded, MADV_HUGEPAGE) }
        base = raw
        mapping = nil
        let mutable = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Element.self, capacity: count), count: count)
        fill(mutable)
        buffer = UnsafeBufferPointer(mutable)
    }

    /// `count` elements that start as zero bits, of which `fill` writes some. Large tables are mapped anonymous
    /// memory, which the kernel hands out zeroed: clearing them again (`initialize(repeating: 0)` on 38 MB of NER
    /// weights) was 4 % of a one-article run's instructions.
    public init(zeroedCount count: Int, fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        let bytes = max(1, count * MemoryLayout<Element>.stride)
        guard bytes >= Self.hugePageSize else {
            var raw: UnsafeMutableRawPointer?
            guard posix_memalign(&raw, max(64, MemoryLayout<Element>.alignment), bytes) == 0, let raw else {
                fatalError("out of memory: \(bytes) bytes for model weights")
            }
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            base = raw
            mapping = nil
            let mutable = UnsafeMutableBufferPointer(
                start: raw.bindMemory(to: Element.self, capacity: count), count: count)
            fill(mutable)
            buffer = UnsafeBufferPointer(mutable)
            return
        }
        // One huge page more than needed, so that a 2 MiB-aligned start lies inside the mapping.
        let length = (bytes + Self.hugePageSize - 1) / Self.hugePageSize * Self.hugePageSize + Self.hugePageSize
        guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            mapped != MAP_FAILED
        else { fatalError("out of memory: \(length) bytes for model weights") }
        let misalignment = Int(bitPattern: mapped) % Self.hugePageSize
        let aligned = mapped + (misalignment == 0 ? 0 : Self.hugePageSize - misalignment)
        _ = madvise(aligned, length - (aligned - mapped), MADV_HUGEPAGE)
        base = aligned
        mapping = (mapped, length)
        let mutable = UnsafeMutableBufferPointer(
            start: aligned.bindMemory(to: Element.self, capacity: count), count: count)
        fill(mutable)
        buffer = UnsafeBufferPointer(mutable)
    }

    public var count: Int { buffer.count }

    deinit {
        if let mapping {
            munmap(mapping.start, mapping.length)
        } else {
            free(base)
        }
    }
}
