import Testing
import Topology

/// `virtual_hosts:`: further domains of a server. Clients and DNS entries
/// may name them; what needs a server (links, faults, queriers, connection
/// counts) names the server, and is told so.
@Suite struct VirtualHostTests {
    @Test func aServerHostsFurtherDomainsAndTheirClients() throws {
        let topology = try TopologyLoader.parse(#"""
            name: t
            seed: 1
            servers:
              - {domain: alpha.test, virtual_hosts: [alpha2.test, ops.alpha.test]}
            clients:
              - {jid: carol@alpha2.test, password: pw}
            dns:
              failures: [{domain: ops.alpha.test, failure: nxdomain}]
            """#, file: "t.yaml")
        #expect(topology.servers.first?.virtualHosts == ["alpha2.test", "ops.alpha.test"])
        #expect(topology.servers.first?.hostedDomains == ["alpha.test", "alpha2.test", "ops.alpha.test"])
        #expect(topology.server(hosting: "alpha2.test")?.domain == "alpha.test")
        #expect(topology.server(hosting: "zulu.test") == nil)
        #expect(topology.clients.first?.domain == "alpha2.test")
    }

    @Test func aDomainIsHostedOnce() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers:
              - {domain: alpha.test, virtual_hosts: [alpha2.test, alpha2.test]}
              - {domain: bravo.test, virtual_hosts: [alpha.test]}
              - domain: alpha2.test
            """#) == [
            "t.yaml:4:55: duplicate domain 'alpha2.test' (first at line 4, column 42)",
            "t.yaml:5:42: duplicate domain 'alpha.test' (first at line 4)",
            "t.yaml:6:13: duplicate server 'alpha2.test' (first at line 4)",
        ])
    }

    @Test func whatNeedsAServerNamesTheServer() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers:
              - {domain: alpha.test, virtual_hosts: [alpha2.test]}
              - domain: bravo.test
            links:
              - between: [alpha2.test, bravo.test]
            dns:
              overrides: [{querier: alpha2.test, domain: bravo.test, service: server, srv: [{target: bravo.test, port: 5269}]}]
            scenario:
              duration: 2s
              steps:
                - {at: 1s, crash: alpha2.test}
            """#) == [
            "t.yaml:7:15: link needs a server, but 'alpha2.test' is a virtual host of alpha.test: name alpha.test",
            "t.yaml:9:25: DNS override querier needs a server, but 'alpha2.test' is a virtual host of alpha.test: name alpha.test",
            "t.yaml:13:23: crash needs a server, but 'alpha2.test' is a virtual host of alpha.test: name alpha.test",
        ])
    }
}
