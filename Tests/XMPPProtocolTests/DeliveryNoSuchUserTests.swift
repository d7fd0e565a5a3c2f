import Testing
import XMPPCore

@testable import XMPPProtocol

/// RFC 6121 §8.5.1: the account does not exist, bare or full JID alike.
struct DeliveryNoSuchUserTests {
    static let cases: [DeliveryCase] = [nil, "balcony"].flatMap { (resource: String?) -> [DeliveryCase] in
        let account = DeliveryAccounts.noSuchUser
        return [
            DeliveryCase(.message(.normal), to: resource, account, .error(.serviceUnavailable)),
            DeliveryCase(.message(.chat), to: resource, account, .error(.serviceUnavailable)),
            DeliveryCase(.message(.groupchat), to: resource, account, .error(.serviceUnavailable)),
            DeliveryCase(.message(.headline), to: resource, account, .error(.serviceUnavailable)),
            DeliveryCase(.message(.error), to: resource, account, .ignore),
            DeliveryCase(.presence(nil), to: resource, account, .ignore),
            DeliveryCase(.presence(.unavailable), to: resource, account, .ignore),
            DeliveryCase(.presence(.subscribe), to: resource, account, .ignore),
            DeliveryCase(.presence(.subscribed), to: resource, account, .ignore),
            DeliveryCase(.presence(.unsubscribe), to: resource, account, .ignore),
            DeliveryCase(.presence(.unsubscribed), to: resource, account, .ignore),
            DeliveryCase(.presence(.probe), to: resource, account, .ignore),
            DeliveryCase(.presence(.error), to: resource, account, .ignore),
            DeliveryCase(.presence(.invalid("online")), to: resource, account, .error(.badRequest)),
            DeliveryCase(.iq(.get), to: resource, account, .error(.serviceUnavailable)),
            DeliveryCase(.iq(.set), to: resource, account, .error(.serviceUnavailable)),
            DeliveryCase(.iq(.result), to: resource, account, .ignore),
            DeliveryCase(.iq(.error), to: resource, account, .ignore),
        ]
    }

    @Test("no such user", arguments: DeliveryNoSuchUserTests.cases)
    func noSuchUser(_ test: DeliveryCase) { test.check() }

    @Test func ignoreReasonsNameTheSection() {
        let decision = DeliveryRules.decide(.presence(.subscribe), toResource: nil, account: .noSuchUser)
        guard case .ignore(let reason) = decision else {
            Issue.record("expected ignore, got \(decision)")
            return
        }
        #expect(reason.contains("§8.5.1"))
        #expect(decision.isIgnore)
        #expect(!DeliveryDecision.storeOffline.isIgnore)
    }
}
