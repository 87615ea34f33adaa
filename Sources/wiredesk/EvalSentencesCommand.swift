// Placeholder until its issue lands; replaced by the real command.
import ArgumentParser

struct EvalSentencesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sentences", abstract: "(not built yet)")

    func run() throws {
        print("wiredesk: this command is not built yet")
        throw ExitCode(2)
    }
}
