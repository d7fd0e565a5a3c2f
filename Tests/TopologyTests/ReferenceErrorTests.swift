import Testing
import Topology

/// Names that must refer to something declared elsewhere in the file, and
/// names that must be unique.
@Suite struct ReferenceErrorTests {
    @Test func duplicateServerAndExternalDomains() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers:
              - domain: a.test
              - domain: a.test
            external:
              - {domain: ext.test, s2s_port: 5269}
              - {domain: ext.test, s2s_port: 5270}
              - {domain: a.test, s2s_port: 5271}
            """#) == [
            "t.yaml:5:13: duplicate server 'a.test' (first at line 4)",
            "t.yaml:8:14: duplicate external domain 'ext.test' (first at line 7)",
            "t.yaml:9:14: 'a.test' is both a lab server (line 4) and an external domain",
        ])
    }

    @Test func malformedDomain() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: "a b.test"}]
            """#) == ["t.yaml:3:20: malformed domain 'a b.test': contains forbidden character ' '"])
    }

    @Test func linkNamesUnknownDomain() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: alpha.test}]
            links:
              - between: [alpha.test, zulu.test]
            """#) == ["t.yaml:5:27: link names unknown domain 'zulu.test'"])
    }

    @Test func linkBetweenOneDomainAndDuplicateLinks() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}, {domain: b.test}]
            links:
              - between: [a.test, a.test]
              - between: [a.test, b.test]
              - between: [b.test, a.test]
              - between: [a.test]
            """#) == [
            "t.yaml:5:14: link names the same domain twice: 'a.test'",
            "t.yaml:7:14: duplicate link a.test <-> b.test (first at line 6)",
            "t.yaml:8:14: expected a list of two domains, got 1",
        ])
    }

    @Test func dnsNamesUnknownDomainsAndSRVTargetsNeedAPort() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            dns:
              records:
                - {domain: zulu.test, srv: []}
                - domain: a.test
                  srv: [{target: backup.a.test}]
              failures:
                - {domain: a.test, failure: nxdomain, querier: y.test}
            """#) == [
            "t.yaml:6:16: DNS record names unknown domain 'zulu.test'",
            "t.yaml:8:22: SRV target 'backup.a.test' is not a lab server, so the record needs port: N, port: dead or server: DOMAIN",
            "t.yaml:10:52: DNS failure names unknown domain 'y.test'",
        ])
    }

    @Test func clientDomainMustBeLabOrExternalWithC2S() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            external: [{domain: ext.test, s2s_port: 5269}]
            clients:
              - jid: al@zulu.test
              - jid: bo@ext.test
            """#) == [
            "t.yaml:6:10: client names unknown domain 'zulu.test'",
            "t.yaml:7:10: client domain 'ext.test' is external and has no c2s_port to log in to",
        ])
    }

    @Test func clientJIDMustBeBare() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients:
              - jid: al@a.test/phone
              - jid: a.test
            """#) == [
            "t.yaml:5:10: expected a bare JID user@domain, got 'al@a.test/phone'",
            "t.yaml:6:10: expected a bare JID user@domain, got 'a.test'",
        ])
    }

    @Test func duplicateClient() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: alpha.test}]
            clients:
              - jid: alice@alpha.test
              - jid: bob@alpha.test
              - jid: alice@alpha.test
            """#) == ["t.yaml:7:10: duplicate client 'alice@alpha.test' (first at line 5)"])
    }

    @Test func subscribeToNamesUnknownClientOrGroupOrItself() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients:
              - jid: al@a.test
                groups: [team]
                subscribe_to: [bo@a.test, "group:tema", al@a.test, "group:team"]
              - jid: cy@a.test
            """#) == [
            "t.yaml:7:20: subscribe_to names unknown client 'bo@a.test'",
            "t.yaml:7:31: subscribe_to names unknown group 'tema'",
            "t.yaml:7:45: client 'al@a.test' cannot subscribe to itself",
        ])
    }

    @Test func stepsNameUnknownClients() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients: [{jid: al@a.test}]
            scenario:
              steps:
                - {at: 1s, connect: [al@a.test, zed@a.test]}
                - {at: 1s, send: {from: zed@a.test, to: al@a.test, body: hi}}
            """#) == [
            "t.yaml:7:37: connect names unknown client 'zed@a.test'",
            "t.yaml:8:29: send names unknown client 'zed@a.test'",
        ])
    }

    @Test func sendToMalformedJID() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients: [{jid: al@a.test}]
            scenario:
              steps:
                - {at: 1s, send: {from: al@a.test, to: "bo b@a.test", body: hi}}
            """#) == ["t.yaml:7:44: malformed JID 'bo b@a.test': localpart contains forbidden character ' '"])
    }

    @Test func crashNeedsALabServer() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            external: [{domain: ext.test, s2s_port: 5269}]
            scenario:
              steps:
                - {at: 1s, crash: ext.test}
                - {at: 1s, restart: zulu.test}
            """#) == [
            "t.yaml:7:23: crash needs a lab server, but 'ext.test' is an external domain",
            "t.yaml:8:25: restart names unknown domain 'zulu.test'",
        ])
    }

    @Test func cutLinkNeedsADeclaredLink() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}, {domain: b.test}, {domain: c.test}]
            links: [{between: [a.test, b.test]}]
            scenario:
              steps:
                - {at: 1s, cut_link: {between: [a.test, c.test]}}
            """#) == ["t.yaml:7:36: cut_link names no link: there is no link a.test <-> c.test"])
    }

    @Test func stepAfterTheScenarioEnds() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            scenario:
              duration: 5s
              steps:
                - {at: 6s, crash: a.test}
            """#) == ["t.yaml:7:12: step at 6s is after the end of the scenario (duration 5s)"])
    }

    @Test func deliveredMustNameAProducedMessageID() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients: [{jid: al@a.test}, {jid: bo@a.test}]
            scenario:
              steps:
                - {at: 1s, send: {from: al@a.test, to: bo@a.test, body: hi, id: hello, count: 3}}
                - {at: 2s, wait: {delivered: hello-4, timeout: 1s}}
              expect:
                - delivered: {id: hello-3, within: 1s}
                - delivered: {id: helo, within: 1s}
            """#) == [
            "t.yaml:8:34: no send step produces message id 'hello-4'",
            "t.yaml:11:23: no send step produces message id 'helo'",
        ])
    }

    @Test func duplicateMessageID() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients: [{jid: al@a.test}, {jid: bo@a.test}]
            scenario:
              steps:
                - {at: 1s, send: {from: al@a.test, to: bo@a.test, body: hi, id: x}}
                - {at: 2s, send: {from: bo@a.test, to: al@a.test, body: ho, id: x}}
            """#) == ["t.yaml:8:69: duplicate message id 'x' (first at line 7)"])
    }

    @Test func errorExpectationNeedsAStanzaErrorCondition() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            clients: [{jid: al@a.test}]
            scenario:
              expect:
                - error: {client: al@a.test, condition: server-on-fire, by: 2s}
            """#) == [
            "t.yaml:7:45: unknown stanza error condition 'server-on-fire' (expected one of: bad-request, conflict, feature-not-implemented, forbidden, gone, internal-server-error, item-not-found, jid-malformed, not-acceptable, not-allowed, not-authorized, policy-violation, recipient-unavailable, redirect, registration-required, remote-server-not-found, remote-server-timeout, resource-constraint, service-unavailable, subscription-required, undefined-condition, unexpected-request)",
        ])
    }

    @Test func presenceConvergedIsAScenarioTime() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            scenario:
              duration: 5s
              expect:
                - presence_converged: 6s
                - presence_converged: soon
            """#) == [
            "t.yaml:7:27: presence_converged at 6s is after the end of the scenario (duration 5s)",
            "t.yaml:8:27: bad duration 'soon' (expected e.g. 250ms, 2s, 1.5s, 1m)",
        ])
    }

    @Test func expectationsNameUnknownClientsAndServers() {
        #expect(TestSupport.issues(#"""
            name: t
            seed: 1
            servers: [{domain: a.test}]
            external: [{domain: ext.test, s2s_port: 5269}]
            clients: [{jid: al@a.test}]
            scenario:
              expect:
                - presence: {observer: al@a.test, of: zed@a.test, within: 1s}
                - connections: {domain: ext.test, at: 1s, s2s: 1}
            """#) == [
            "t.yaml:8:43: presence expectation names unknown client 'zed@a.test'",
            "t.yaml:9:29: connections needs a lab server, but 'ext.test' is an external domain",
        ])
    }
}
