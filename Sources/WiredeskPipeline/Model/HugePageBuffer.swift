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
    /// The anonymous mapping `base` lies in (a table of 2 MiB or more); nil for a small `malloc`ed one.
    private let mapping: (start: UnsafeMutableRawPointer, length: Int)?

    static var hugePageSize: Int { 2 << 20 }

    /// A copy of `source`.
    public convenience init(_ source: [Element]) {
        self.init(count: source.count) { target in
            _ = target.initialize(from: source)
        }
    }

    /// `count` elements written by `fill`, which must initialize all of them.
    public convenience init(count: Int, fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        self.init(zeroedCount: count, fill: fill)
    }

    /// `count` elements that start as zero bits, of which `fill` writes some.
    ///
    /// A table of 2 MiB or more is anonymous memory mapped for it, aligned to 2 MiB inside a mapping one huge page
    /// longer: the kernel hands such memory out zeroed, so a sparse table (the NER weights: 38 MB, of which the
    /// stored rows are written) needs no clearing pass, which was 4 % of a one-article run's instructions.
    public init(zeroedCount count: Int, fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        let bytes = max(1, count * MemoryLayout<Element>.stride)
        if bytes >= Self.hugePageSize {
            let length = (bytes + Self.hugePageSize - 1) / Self.hugePageSize * Self.hugePageSize + Self.hugePageSize
            guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                mapped != MAP_FAILED
            else { fatalError("out of memory: \(length) bytes for model weights") }
            let misalignment = Int(bitPattern: mapped) % Self.hugePageSize
            base = mapped + (misalignment == 0 ? 0 : Self.hugePageSize - misalignment)
            mapping = (mapped, length)
            // Advice only: an error (a kernel without THP) leaves ordinary pages.
            _ = madvise(base, length - (base - mapped), MADV_HUGEPAGE)
        } else {
            var raw: UnsafeMutableRawPointer?
            guard posix_memalign(&raw, max(64, MemoryLayout<Element>.alignment), bytes) == 0, let raw else {
                fatalError("out of memory: \(bytes) bytes for model weights")
            }
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            base = raw
            mapping = nil
        }
        let mutable = UnsafeMutableBufferPointer(
            start: base.bindMemory(to: Element.self, capacity: count), count: count)
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
