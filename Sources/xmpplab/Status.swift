import ArgumentParser
import XMPPCore

/// What this build of xmpplab contains. Until the lab exists (`run`, `serve`,
/// `validate` …), this is what `make run` shows.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the version and which parts of xmpplab are built."
    )

    @Argument(help: "Topology file (accepted for `make run`; the lab that runs it is not built yet).")
    var topology: String?

    func run() async throws {
        print("xmpplab \(XMPPLabVersion.string)")
        print("")
        print("Built:")
        for (module, what) in BuildInventory.built {
            print("  \(module.padding(14))\(what)")
        }
        print("")
        print("Not built yet:")
        for (module, what) in BuildInventory.planned {
            print("  \(module.padding(14))\(what)")
        }
        if let topology {
            print("")
            print("Topology \(topology): running topologies arrives with the Lab module; nothing was run.")
        }
        try selfCheck()
        try await C2SLiveCheck.run()
    }

    /// Parses a short stream with the real parser, so `make run` shows the
    /// core working, not only its name.
    private func selfCheck() throws {
        let parser = XMLStreamParser()
        let stream = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='alpha.test' version='1.0'>"
            + "<message to='bob@bravo.test' type='chat'><body>hello</body></message></stream:stream>"
        let events = parser.feed(stream)
        let stanzas = events.filter { if case .element = $0 { true } else { false } }.count
        print("")
        print("Self-check: parsed a stream with \(stanzas) stanza(s), \(events.count) events.")
        guard stanzas == 1 else { throw ExitCode.failure }
    }
}

enum BuildInventory {
    static let built: [(String, String)] = [
        ("XMPPCore", "XML stream parser (libxml2 SAX2), serializer, JIDs, stanzas, stream/stanza/SASL errors"),
        ("XMPPProtocol", "sans-IO machines: c2s streams, SASL (PLAIN, ANONYMOUS, SCRAM-SHA-1/256, EXTERNAL), RFC 6121 subscriptions, delivery rules, roster"),
        ("XMPPNIO", "SwiftNIO channel handlers and STARTTLS"),
        ("LabNet", "network fabric seam; LabNetLoopback on real loopback TCP"),
        ("LabPKI", "in-process certificate authority (swift-certificates)"),
        ("XMPPServer", "virtual servers, c2s (routing, presence, roster, offline storage, ping, disco)"),
        ("XMPPClient", "virtual clients"),
    ]
    static let planned: [(String, String)] = [
        ("XMPPProtocol", "s2s streams, dialback, bidi, stream management, compression, GSSAPI"),
        ("LabNet", "simulated DNS-SRV, link model"),
        ("XMPPServer", "s2s federation"),
        ("Topology", "YAML topology files"),
        ("Trace", "SQLite recordings, replay, diff, export"),
        ("Lab", "worlds, scenarios, faults, expectations"),
    ]
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
