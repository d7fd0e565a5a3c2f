import ArgumentParser
import XMPPCore

@main
struct XMPPLab: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xmpplab",
        abstract: "Emulates whole XMPP federations on one machine.",
        version: XMPPLabVersion.string,
        subcommands: [Run.self, Serve.self, Validate.self, Inspect.self, Replay.self, Diff.self, Export.self, Status.self],
        defaultSubcommand: Run.self
    )
}
