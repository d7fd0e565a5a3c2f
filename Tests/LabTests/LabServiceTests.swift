import Lab
import Testing
import Topology

@Suite struct LabServiceTests {
    @Test func servesTheTopologyAndSaysHowToJoinIt() async throws {
        let topology = LabRunTests.twoDomains(steps: [], expectations: [])
        let service = try await LabService.start(topology)
        let info = service.info
        await service.stop()
        #expect(info.servers.map(\.domain) == ["alpha.test", "bravo.test"])
        #expect(info.servers.allSatisfy { $0.c2s.hasPrefix("127.0.0.1:") && $0.s2s.hasPrefix("127.0.0.1:") })
        #expect(info.servers.first?.accounts.map(\.jid) == ["alice@alpha.test"])
        #expect(info.dns.hasPrefix("127.0.0.1:"))
        #expect(info.caPEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(info.clients == 2)
        #expect(info.clientsOnline == 2)
    }
}
