import ArgumentParser
import XMPPCore

/// What this build of xmpplab contains, with a parser self-check and a live
/// c2s check on loopback.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the version and which parts of xmpplab are built."
    )

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
        ("XMPPProtocol", "sans-IO machines: c2s and s2s streams, SASL (PLAIN, ANONYMOUS, SCRAM-SHA-1/256, EXTERNAL), dialback, RFC 6121 subscriptions, delivery rules, roster"),
        ("XMPPNIO", "SwiftNIO channel handlers and STARTTLS"),
        ("LabNet", "network fabric seam, simulated DNS-SRV, link model; LabNetLoopback on real loopback TCP with link relays"),
        ("LabPKI", "in-process certificate authority (swift-certificates)"),
        ("XMPPServer", "virtual servers: c2s, s2s federation (EXTERNAL, dialback), routing, presence, roster, offline storage"),
        ("XMPPClient", "virtual clients"),
        ("Topology", "YAML topology files, validation with file:line:column"),
        ("Lab", "worlds, scenarios, faults, expectations, run summaries (xmpplab run/serve/validate)"),
    ]
    static let planned: [(String, String)] = [
        ("XMPPProtocol", "bidi (XEP-0288), stream management (XEP-0198), compression, GSSAPI"),
        ("Trace", "SQLite recordings, replay, diff, export (the TraceSink seam exists)"),
    ]
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
