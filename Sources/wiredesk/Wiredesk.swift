// The `wiredesk` command line: a thin layer over WiredeskPipeline and WiredeskDaemon.
import ArgumentParser

@main
struct Wiredesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wiredesk",
        abstract: "Turns news articles dropped into an inbox directory into JSON results.",
        discussion: """
            Wiredesk watches an inbox directory. Every article file dropped there (plain text, Markdown, HTML, \
            JSON or JSON Lines, in any common character set) runs through normalize → extract → classify, \
            and its result lands in the outbox as <name>.json. Files that cannot be processed go to \
            outbox/failed/ with a <name>.error.json that says why.

            Start with `wiredesk process FILE` to see what a result looks like, then `wiredesk run`.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ProcessCommand.self, CheckConfigCommand.self, RetryCommand.self, ReloadCommand.self,
            TrainCommand.self,
            EvalCommand.self, BenchCommand.self,
        ]
    )
}
