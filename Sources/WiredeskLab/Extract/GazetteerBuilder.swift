// Builds the gazetteer's binary layout (Models/gazetteer.bin) from the TSV written by scripts/build-gazetteer.py
// (scripts/data/gazetteer.tsv). The layout is checked against the TSV parse before it is returned.
import WiredeskPipeline

public enum GazetteerBuilder {
    /// The binary layout for `tsv`, deterministic for the same input.
    /// - Throws: `ConfigError` on a malformed TSV or if the layout would answer differently.
    public static func build(tsv: [UInt8]) throws(ConfigError) -> [UInt8] {
        try GazetteerSource(tsv: tsv).encoded(sourceHash: Gazetteer.fnv1a(tsv))
    }
}
