// Placeholder until its issue lands; replaced by the real command.
import ArgumentParser

struct EvalNERCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ner", abstract: "(not built yet)")

    func run() throws {
        print("wiredesk: this command is not built yet")
        throw ExitCode(2)
    }
}
