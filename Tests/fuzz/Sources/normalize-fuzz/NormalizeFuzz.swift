// Feeds arbitrary bytes to the normalize stage and checks what every result must satisfy: it never crashes or
// hangs, a failure has a code and a message, and every range lies inside the text, in order.
import WiredeskPipeline

/// The file names a producer might use: the name steers format detection (Markdown, HTML) for text-like bytes.
let names = ["fuzz.txt", "fuzz.md", "fuzz.html", "fuzz.json", "fuzz.jsonl"]
let stage = NormalizeStage()

func fuzzOne(_ bytes: [UInt8]) {
    let name = names[bytes.isEmpty ? 0 : Int(bytes[bytes.count / 2]) % names.count]
    let items: [NormalizedItem]
    do {
        items = try stage.run(RawDocument(name: name, bytes: bytes))
    } catch {
        precondition(!error.code.isEmpty && !error.message.isEmpty, "a failure without code or message")
        return
    }
    for item in items {
        switch item.outcome {
        case .failure(let failure):
            precondition(!failure.code.isEmpty && !failure.message.isEmpty, "a line failure without code or message")
        case .success(let result):
            guard let article = result.article else { continue }
            let length = article.text.unicodeScalars.count
            var ranges = article.paragraphs + article.sentences
            if let headline = article.headlineRange { ranges.append(headline) }
            for r in ranges {
                precondition(0 <= r.start && r.start <= r.end && r.end <= length, "range \(r) outside 0..<\(length)")
            }
            precondition(article.words >= 0)
        }
    }
}

#if FUZZING
    import CFuzzerDriver

    /// The process entry point of the libFuzzer build. SwiftPM links executables with `main` aliased to
    /// `<module>_main` (so that tests can link them), and `-parse-as-library` without `@main` emits no such symbol,
    /// which is why the build used to fail with "undefined symbol: normalize_fuzz_main". Defining it here and
    /// handing over to libFuzzer's driver gives libFuzzer's usual command line (`-max_total_time=…`, corpus dirs).
    @_cdecl("normalize_fuzz_main")
    public func normalizeFuzzMain(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, fuzzerTestOneInput)
    }

    /// libFuzzer's callback; the runtime also references this symbol by name.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        fuzzOne(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
#else
    /// Without libFuzzer: a deterministic mutation fuzzer. `normalize-fuzz [--iterations N] [--seed S] DIR|FILE...`
    /// runs each corpus file, then N mutants (bit flips, byte insertions and deletions, splices of two inputs,
    /// repeated chunks, interesting bytes such as NUL, FF FE, `<`, `{`) through `fuzzOne`.
    @main
    struct ReplayFuzzer {
        static func main() throws {
            var args = Array(CommandLine.arguments.dropFirst())
            var iterations = 2000
            var seed: UInt64 = 15
            var paths: [String] = []
            while !args.isEmpty {
                let a = args.removeFirst()
                if a == "--iterations", let v = args.first.flatMap({ Int($0) }) {
                    iterations = v
                    args.removeFirst()
                } else if a == "--seed", let v = args.first.flatMap({ UInt64($0) }) {
                    seed = v
                    args.removeFirst()
                } else {
                    paths.append(a)
                }
            }
            let corpus = Corpus.load(paths)
            guard !corpus.isEmpty else {
                print("usage: normalize-fuzz [--iterations N] [--seed S] DIR|FILE...  (no corpus files found)")
                return
            }
            for input in corpus { fuzzOne(input) }
            var rng = SplitMix(seed: seed)
            for _ in 0..<iterations { fuzzOne(Mutator.mutate(corpus, &rng)) }
            print("normalize-fuzz: \(corpus.count) corpus files and \(iterations) mutants, no failure")
        }
    }
#endif
