// `wiredesk train gazetteer`: converts the gazetteer TSV (scripts/build-gazetteer.py) into the binary layout the
// pipeline loads (logic in WiredeskLab/Extract/GazetteerBuilder.swift).
import ArgumentParser
import Foundation
import WiredeskLab
import WiredeskPipeline

struct TrainGazetteerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazetteer",
        abstract: "Build the gazetteer's binary layout (gazetteer.bin) from the TSV of scripts/build-gazetteer.py."
    )

    @Option(help: "Gazetteer TSV (default: scripts/data/gazetteer.tsv of this checkout).")
    var tsv: String?

    @Option(help: "Where to write the binary (default: the shipped Models/gazetteer.bin of this checkout).")
    var out: String?

    func run() throws {
        // Models/ is Sources/WiredeskPipeline/Models; the TSV lives in data/ at the checkout's root.
        let models = ModelStore.sourceModelsDirectory
        let input = tsv ?? models + "/../../../scripts/data/gazetteer.tsv"
        let output = out ?? models + "/" + Gazetteer.fileName
        guard let data = FileManager.default.contents(atPath: input) else {
            throw ValidationError("cannot read \(input)")
        }
        let bytes = try GazetteerBuilder.build(tsv: [UInt8](data))
        let gazetteer = try Gazetteer(binary: bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
        print("wrote \(output): \(gazetteer.count) places, \(bytes.count) bytes")
    }
}
