import Foundation
import Lab
import LabNet
import NIOCore
import NIOPosix
import Testing
import Topology

/// A real Prosody as an `external:` domain of a topology: the lab's server
/// federates with it through the lab DNS (which Prosody asks over UDP) and a
/// 30 ms link, and lab clients on both domains exchange messages and a
/// subscription.
@Suite(.serialized) struct ProsodyLabInteropTests {
    @Test func aTopologyFederatesWithAnExternalProsody() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/prosody"),
                     "prosody is not installed: run scripts/ensure-test-peers.sh (make test does)")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let dnsAddress = NetworkAddress(host: "127.0.0.1", port: try await Self.freeUDPPort(on: group.next()))
        let prosody = try await ProsodyPeer(
            domain: "prosody.xmpplab", ca: TestLab.ca, dnsResponder: dnsAddress, accounts: ["bob": "bob-pw"], eventLoop: group.next()
        )
        do {
            try await prosody.start(on: group.next())
            let topology = try TopologyLoader.parse(Self.topology(prosody), file: "prosody-external.yaml")
            let summary = try await Lab.run(topology, options: Lab.Options(certificateAuthority: TestLab.ca, dnsResponderAddress: dnsAddress))
            #expect(summary.problems == [])
            // Both directions' s2s traffic crossed the link: the lab's server
            // was sent to its entrance by the lab DNS, and so was Prosody.
            let link = try #require(summary.links.first)
            #expect(link.bytes > 0)
            #expect(link.maxDelayMilliseconds >= 30)
            #expect(link.connections >= 2, "one s2s connection each way (Prosody without bidi)")
            for result in summary.expectations {
                #expect(result.passed, "\(result.expectation): \(result.detail)\n\(prosody.log.suffix(3000))")
            }
        } catch {
            await prosody.stop()
            try? await group.shutdownGracefully()
            throw error
        }
        await prosody.stop()
        try await group.shutdownGracefully()
    }

    static func topology(_ prosody: ProsodyPeer) -> String {
        """
        name: prosody-external
        seed: 9
        servers:
          - {domain: alpha.xmpplab, tls: optional}
        external:
          - {domain: prosody.xmpplab, host: 127.0.0.1, s2s_port: \(prosody.s2sPort), c2s_port: \(prosody.c2sPort)}
        links:
          - {between: [alpha.xmpplab, prosody.xmpplab], latency: 30ms}
        clients:
          - {jid: alice@alpha.xmpplab, password: alice-pw, subscribe_to: [bob@prosody.xmpplab]}
          - {jid: bob@prosody.xmpplab, password: bob-pw, mechanism: PLAIN}
        scenario:
          duration: 25s
          steps:
            - {at: 0s, wait: {online: "*", timeout: 10s}}
            - {at: 0s, send: {from: alice@alpha.xmpplab, to: bob@prosody.xmpplab, body: "hello Prosody", id: to-prosody}}
            - {at: 0s, send: {from: bob@prosody.xmpplab, to: alice@alpha.xmpplab, body: "hello lab", id: from-prosody}}
          expect:
            - delivered: {id: to-prosody, within: 15s}
            - delivered: {id: from-prosody, within: 15s}
            - presence: {observer: alice@alpha.xmpplab, of: bob@prosody.xmpplab, within: 20s}
            - no_stanza_lost: {delivered: true}
        """
    }

    /// A UDP port free a moment ago (bound, then released).
    static func freeUDPPort(on eventLoop: any EventLoop) async throws -> Int {
        let channel = try await DatagramBootstrap(group: eventLoop).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}
