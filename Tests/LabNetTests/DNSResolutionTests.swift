import Testing
import XMPPCore
@testable import LabNet

struct DNSResolutionTests {
    func srv(_ priority: UInt16, _ weight: UInt16, _ port: Int, _ target: String) -> SRVRecord {
        SRVRecord(priority: priority, weight: weight, port: port, target: target)
    }

    @Test func srvTargetsInPriorityOrderWithTheirAddresses() {
        let dns = SimulatedDNS()
        dns.setSRVRecords([srv(20, 0, 5270, "backup.b.example"), srv(10, 0, 5269, "main.b.example")], service: .xmppServer, domain: "b.example")
        dns.setAddresses(["127.0.0.2", "::1"], host: "main.b.example")
        dns.setAddresses(["127.0.0.3"], host: "backup.b.example")
        var random = SeededGenerator(seed: 0)

        let resolution = dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a.example", random: &random)
        #expect(resolution == .srv([
            DNSConnectionAttempt(host: "main.b.example", addresses: ["127.0.0.2", "::1"], port: 5269),
            DNSConnectionAttempt(host: "backup.b.example", addresses: ["127.0.0.3"], port: 5270),
        ]))
        #expect(resolution.attempts[0].networkAddresses == [NetworkAddress(host: "127.0.0.2", port: 5269), NetworkAddress(host: "::1", port: 5269)])
        #expect(resolution.stanzaErrorCondition == nil)
    }

    @Test func targetsWithoutAddressesAreLeftOut() {
        let dns = SimulatedDNS()
        dns.setSRVRecords([srv(10, 0, 5269, "gone.b.example"), srv(20, 0, 5269, "up.b.example")], service: .xmppServer, domain: "b.example")
        dns.setAddresses(["127.0.0.4"], host: "up.b.example")
        #expect(dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a").attempts.map(\.host) == ["up.b.example"])

        // No target resolves: not found (no fallback after an SRV answer),
        // unless one of them timed out.
        dns.removeAddresses(host: "up.b.example")
        dns.setAddresses(["127.0.0.5"], host: "b.example")
        #expect(dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a") == .notFound)
        dns.setFailure(.servfail, for: .address(host: "up.b.example"))
        #expect(dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a") == .serverFailure)
        dns.setFailure(.timeout, for: .address(host: "gone.b.example"))
        #expect(dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a") == .timedOut)
    }

    @Test func rootTargetMeansTheServiceIsNotOffered() {
        let dns = SimulatedDNS()
        dns.setSRVRecords([.serviceNotOffered], service: .xmppServer, domain: "b.example")
        dns.setAddresses(["127.0.0.2"], host: "b.example")
        let resolution = dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a")
        #expect(resolution == .serviceNotOffered)
        #expect(resolution.stanzaErrorCondition == .remoteServerNotFound)
        // No fallback query was made.
        #expect(dns.queryLog.count == 1)

        // "." among other records is skipped, not an abort.
        dns.setSRVRecords([srv(0, 0, 0, "."), srv(1, 0, 5269, "b.example")], service: .xmppServer, domain: "b.example")
        #expect(dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a").attempts.map(\.host) == ["b.example"])
    }

    @Test func fallbackOnNXDOMAINUsesTheDefaultPort() {
        let dns = SimulatedDNS()
        dns.setAddresses(["127.0.0.2"], host: "b.example")
        #expect(dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a")
            == .fallback(DNSConnectionAttempt(host: "b.example", addresses: ["127.0.0.2"], port: 5269)))
        #expect(dns.resolveTargets(service: .xmppClient, domain: "b.example", from: "juliet")
            == .fallback(DNSConnectionAttempt(host: "b.example", addresses: ["127.0.0.2"], port: 5222)))
        #expect(dns.queryLog.map(\.answer).first == .nxdomain)
    }

    @Test func fallbackOnAnEmptySRVAnswer() {
        let dns = SimulatedDNS()
        dns.setSRVRecords([], service: .xmppServer, domain: "b.example")
        dns.setAddresses(["::1"], host: "b.example")
        #expect(dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a")
            == .fallback(DNSConnectionAttempt(host: "b.example", addresses: ["::1"], port: 5269)))
        #expect(dns.queryLog.map(\.answer).first == .noRecords)
    }

    @Test func fallbackWithoutAddressesIsNotFound() {
        let dns = SimulatedDNS()
        let resolution = dns.resolveTargets(service: .xmppServer, domain: "nowhere.example", from: "a")
        #expect(resolution == .notFound)
        #expect(resolution.stanzaErrorCondition == .remoteServerNotFound)
        dns.setFailure(.timeout, for: .address(host: "nowhere.example"))
        #expect(dns.resolveTargets(service: .xmppServer, domain: "nowhere.example", from: "a") == .timedOut)
    }

    @Test func timeoutAndServfailOfTheSRVQueryAreDistinctFailures() {
        let dns = SimulatedDNS()
        dns.setAddresses(["127.0.0.2"], host: "b.example")
        let question = DNSQuestion.srv(service: .xmppServer, domain: "b.example")

        dns.setFailure(.timeout, for: question)
        let timedOut = dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a")
        #expect(timedOut == .timedOut)
        #expect(timedOut.stanzaErrorCondition == .remoteServerTimeout)

        dns.setFailure(.servfail, for: question)
        let failed = dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a")
        #expect(failed == .serverFailure)
        #expect(failed.stanzaErrorCondition == .remoteServerNotFound)
        // Neither falls back to the domain's address.
        #expect(dns.queryLog.count == 2)
    }

    @Test func deadPortIsJustRecords() {
        let dns = SimulatedDNS()
        dns.setSRVRecords([srv(0, 0, 1, "b.example")], service: .xmppServer, domain: "b.example")
        dns.setAddresses(["127.0.0.2"], host: "b.example")
        #expect(dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a").attempts
            == [DNSConnectionAttempt(host: "b.example", addresses: ["127.0.0.2"], port: 1)])
    }

    @Test func resolverOwnGeneratorIsDeterministicPerSeed() {
        func firstTargets(seed: UInt64) -> [String] {
            let dns = SimulatedDNS(seed: seed)
            dns.setSRVRecords([srv(0, 1, 5269, "x.b.example"), srv(0, 1, 5269, "y.b.example")], service: .xmppServer, domain: "b.example")
            dns.setAddresses(["127.0.0.2"], host: "x.b.example")
            dns.setAddresses(["127.0.0.3"], host: "y.b.example")
            return (0..<64).map { _ in dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a").attempts[0].host }
        }
        let first = firstTargets(seed: 11)
        #expect(firstTargets(seed: 11) == first)
        #expect(Set(first) == ["x.b.example", "y.b.example"])
    }
}
