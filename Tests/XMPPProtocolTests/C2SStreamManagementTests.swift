import Testing
import XMPPCore

@testable import XMPPProtocol

/// XEP-0198 in the c2s negotiation machines: enabling after binding,
/// resuming instead of binding, and binding after a refused resumption.
struct C2SStreamManagementTests {
    static let feature = SMElement.feature.element
    static let account = try! JID("alice@alpha.test")
    static let previous = try! JID("alice@alpha.test/phone")

    private func scram() -> SASLScramClient {
        var random = SeededGenerator(seed: 3)
        return SASLScramClient(hash: .sha256, username: "alice", password: "secret", random: &random)
    }

    @Test func aManagedClientEnablesAfterBinding() {
        var pair = C2SStreamPair(clientMechanism: scram(), serverFeatures: [Self.feature], clientStreamManagement: StreamManagementPolicy())
        pair.run()
        #expect(pair.client.boundJID?.description == "alice@alpha.test/desk")
        let enables = pair.serverLog.compactMap { if case .streamManagement(let element) = $0 { element } else { nil } }
        #expect(enables == [.enable(resume: true, max: nil)])
        #expect(pair.clientLog.contains { if case .streamManagementRequested = $0 { true } else { false } })
    }

    @Test func noEnableWhenTheServerDoesNotOfferIt() {
        var pair = C2SStreamPair(clientMechanism: scram(), clientStreamManagement: StreamManagementPolicy())
        pair.run()
        #expect(pair.client.boundJID != nil)
        #expect(!pair.serverLog.contains { if case .streamManagement = $0 { true } else { false } })
        #expect(!pair.client.streamManagementOffered)
    }

    @Test func resumingReplacesBinding() {
        var pair = C2SStreamPair(
            clientMechanism: scram(), serverFeatures: [Self.feature], clientStreamManagement: StreamManagementPolicy(),
            resumption: SMResumption(previd: "abc", h: 7, jid: Self.previous))
        pair.resumeDecision = { account, previd, h in
            account == Self.account && previd == "abc" && h == 7 ? .success(Self.previous) : .failure(ResumeFailure(.itemNotFound))
        }
        pair.run()
        #expect(pair.client.boundJID == Self.previous)
        #expect(pair.server.boundJID == Self.previous)
        #expect(!pair.serverLog.contains { if case .bind = $0 { true } else { false } }, "no bind request")
        #expect(pair.clientLog.contains { if case .resumed(Self.previous, h: 3) = $0 { true } else { false } })
    }

    @Test func aRefusedResumptionFallsBackToBinding() {
        var pair = C2SStreamPair(
            clientMechanism: scram(), serverFeatures: [Self.feature], clientStreamManagement: StreamManagementPolicy(),
            resumption: SMResumption(previd: "gone", h: 0, jid: Self.previous))
        pair.run()
        #expect(pair.clientLog.contains { if case .resumeFailed(ResumeFailure(.itemNotFound)) = $0 { true } else { false } })
        #expect(pair.client.boundJID?.description == "alice@alpha.test/desk")
        #expect(pair.serverSentNames.contains("failed"))
        let enables = pair.serverLog.compactMap { if case .streamManagement(let element) = $0 { element } else { nil } }
        #expect(enables == [.enable(resume: true, max: nil)], "the new session is managed too")
    }

    @Test func noResumptionWithoutTheFeature() {
        var pair = C2SStreamPair(
            clientMechanism: scram(), clientStreamManagement: StreamManagementPolicy(),
            resumption: SMResumption(previd: "abc", h: 0, jid: Self.previous))
        pair.run()
        #expect(!pair.serverLog.contains { if case .resume = $0 { true } else { false } })
        #expect(pair.client.boundJID?.description == "alice@alpha.test/desk")
    }
}
