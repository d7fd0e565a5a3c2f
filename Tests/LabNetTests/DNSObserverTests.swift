import Synchronization
import Testing
import XMPPCore
@testable import LabNet

struct DNSObserverTests {
    final class Collected: Sendable {
        let records = Mutex<[DNSQueryRecord]>([])
    }

    @Test func observerSeesEveryQueryAndAnswerInOrder() {
        let collected = Collected()
        let dns = SimulatedDNS(observer: { record in collected.records.withLock { $0.append(record) } })
        dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: 5269, target: "xmpp.b.example")], service: .xmppServer, domain: "b.example")
        dns.setAddresses(["127.0.0.2"], host: "xmpp.b.example")

        _ = dns.query(.address(host: "nowhere.example"), from: "a.example")
        _ = dns.resolveTargets(service: .xmppServer, domain: "b.example", from: "a.example")

        let seen = collected.records.withLock { $0 }
        #expect(seen.map(\.sequenceNumber) == [1, 2, 3])
        #expect(seen.map(\.question) == [
            .address(host: "nowhere.example"),
            .srv(service: .xmppServer, domain: "b.example"),
            .address(host: "xmpp.b.example"),
        ])
        #expect(seen.map(\.answer) == [
            .nxdomain,
            .records([.srv(SRVRecord(priority: 0, weight: 0, port: 5269, target: "xmpp.b.example"))]),
            .records([.a("127.0.0.2")]),
        ])
        #expect(seen.allSatisfy { $0.querier == "a.example" })
        #expect(dns.queryLog == seen)
    }

    @Test func queryLogIsBounded() {
        let dns = SimulatedDNS(logCapacity: 3)
        for index in 1...5 { _ = dns.query(.address(host: "h\(index).example"), from: "a") }
        #expect(dns.queryLog.map(\.sequenceNumber) == [3, 4, 5])
        #expect(dns.queryLog.map(\.question) == [3, 4, 5].map { .address(host: "h\($0).example") })
        dns.clearQueryLog()
        #expect(dns.queryLog.isEmpty)
        _ = dns.query(.address(host: "h6.example"), from: "a")
        #expect(dns.queryLog.map(\.sequenceNumber) == [6])
    }

    @Test func observerCanBeReplaced() {
        let collected = Collected()
        let dns = SimulatedDNS()
        _ = dns.query(.address(host: "x"), from: "a")
        dns.setObserver { record in collected.records.withLock { $0.append(record) } }
        _ = dns.query(.address(host: "y"), from: "a")
        dns.setObserver(nil)
        _ = dns.query(.address(host: "z"), from: "a")
        #expect(collected.records.withLock { $0.map(\.sequenceNumber) } == [2])
    }

    @Test func concurrentQueriesGetDistinctSequenceNumbers() async {
        let collected = Collected()
        let dns = SimulatedDNS(observer: { record in collected.records.withLock { $0.append(record) } })
        dns.setAddresses(["127.0.0.2"], host: "b.example")
        await withTaskGroup(of: Void.self) { group in
            for querier in 0..<8 {
                group.addTask {
                    for _ in 0..<100 { _ = dns.query(.address(host: "b.example"), from: "q\(querier).example") }
                }
            }
        }
        let numbers = collected.records.withLock { $0.map(\.sequenceNumber) }
        #expect(numbers.sorted() == Array(1...800))
        #expect(dns.queryLog.map(\.sequenceNumber) == Array(1...800))
    }
}
