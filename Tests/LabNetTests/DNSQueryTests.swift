import Testing
import XMPPCore
@testable import LabNet

struct DNSQueryTests {
    @Test func answersSRVAndAddressRecords() {
        let dns = SimulatedDNS()
        let record = SRVRecord(priority: 5, weight: 1, port: 15269, target: "xmpp.b.example")
        dns.setSRVRecords([record], service: .xmppServer, domain: "b.example")
        dns.setAddresses(["127.0.0.2", "::1"], host: "xmpp.b.example")

        #expect(dns.query(.srv(service: .xmppServer, domain: "b.example"), from: "a.example") == .records([.srv(record)]))
        let addresses = dns.query(.address(host: "xmpp.b.example"), from: "a.example")
        #expect(addresses == .records([.a("127.0.0.2"), .aaaa("::1")]))
        #expect(addresses.addresses == ["127.0.0.2", "::1"])
    }

    @Test func namesAreCaseInsensitiveAndTolerateATrailingDot() {
        let dns = SimulatedDNS()
        dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: 5269, target: "Host.B.Example.")], service: .xmppServer, domain: "B.Example.")
        dns.setAddresses(["127.0.0.2"], host: "HOST.b.example.")

        #expect(dns.query(.srv(service: .xmppServer, domain: "b.EXAMPLE"), from: "a").srvRecords.count == 1)
        #expect(dns.query(.address(host: "host.b.example"), from: "a").addresses == ["127.0.0.2"])
        #expect(dns.query(.address(host: "host.B.example."), from: "a").addresses == ["127.0.0.2"])
        #expect(DNSName("Example.NET.") == DNSName("example.net"))
        #expect(DNSService.xmppClient.srvOwnerName(for: DNSName("Example.net.")).description == "_xmpp-client._tcp.example.net")

        dns.setFailure(.servfail, for: .address(host: "HOST.B.EXAMPLE"), querier: "A.")
        #expect(dns.query(.address(host: "host.b.example"), from: "a") == .servfail)
        #expect(dns.queryLog.last?.querier == "a")
        #expect(dns.queryLog.last?.question == .address(host: "host.b.example"))
    }

    @Test func nxdomainOnlyForNamesThatDoNotExist() {
        let dns = SimulatedDNS()
        dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: 5269, target: "b.example")], service: .xmppServer, domain: "b.example")
        dns.setSRVRecords([], service: .xmppClient, domain: "c.example")

        #expect(dns.query(.srv(service: .xmppServer, domain: "nowhere.example"), from: "a") == .nxdomain)
        #expect(dns.query(.address(host: "nowhere.example"), from: "a") == .nxdomain)
        // b.example exists (a name below it does) but has no address records.
        #expect(dns.query(.address(host: "b.example"), from: "a") == .noRecords)
        // An SRV record set set empty on purpose: NOERROR, no records.
        #expect(dns.query(.srv(service: .xmppClient, domain: "c.example"), from: "a") == .noRecords)
        dns.removeSRVRecords(service: .xmppClient, domain: "c.example")
        #expect(dns.query(.srv(service: .xmppClient, domain: "c.example"), from: "a") == .nxdomain)
    }

    @Test func failuresOnDemandForEveryoneOrOneQuerier() {
        let dns = SimulatedDNS()
        dns.setAddresses(["127.0.0.2"], host: "b.example")
        let question = DNSQuestion.address(host: "b.example")

        for failure in DNSFailure.allCases {
            dns.setFailure(failure, for: question)
            #expect(dns.query(question, from: "a.example") == failure.answer)
        }
        dns.clearFailure(for: question)
        #expect(dns.query(question, from: "a.example").addresses == ["127.0.0.2"])

        dns.setFailure(.timeout, for: question, querier: "a.example")
        #expect(dns.query(question, from: "a.example") == .timeout)
        #expect(dns.query(question, from: "c.example").addresses == ["127.0.0.2"])
        dns.clearFailure(for: question, querier: "a.example")
        #expect(dns.query(question, from: "a.example").addresses == ["127.0.0.2"])
    }

    @Test func perQuerierOverridesLetARelaySitBetweenOnePair() {
        let dns = SimulatedDNS()
        dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: 5269, target: "b.example")], service: .xmppServer, domain: "b.example")
        dns.setAddresses(["127.0.0.2"], host: "b.example")
        // a.example reaches b.example through a relay on 127.0.0.9:7000.
        dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: 7000, target: "relay.lab")], service: .xmppServer, domain: "b.example", forQuerier: "a.example")
        dns.setAddresses(["127.0.0.9"], host: "relay.lab")

        let viaRelay = dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "A.Example")
        #expect(viaRelay == .srv([DNSConnectionAttempt(host: "relay.lab", addresses: ["127.0.0.9"], port: 7000)]))
        let direct = dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "c.example")
        #expect(direct == .srv([DNSConnectionAttempt(host: "b.example", addresses: ["127.0.0.2"], port: 5269)]))

        // A querier's failure wins over its override; the override comes back after.
        let question = DNSQuestion.srv(service: .xmppServer, domain: "b.example")
        dns.setFailure(.nxdomain, for: question, querier: "a.example")
        #expect(dns.query(question, from: "a.example") == .nxdomain)
        dns.clearFailure(for: question, querier: "a.example")
        #expect(dns.query(question, from: "a.example").srvRecords.first?.target == "relay.lab")
        // A querier's override wins over a failure for everyone.
        dns.setFailure(.servfail, for: question)
        #expect(dns.query(question, from: "a.example").srvRecords.first?.target == "relay.lab")
        #expect(dns.query(question, from: "c.example") == .servfail)
        dns.removeOverride(for: question, querier: "a.example")
        #expect(dns.query(question, from: "a.example") == .servfail)
    }
}
