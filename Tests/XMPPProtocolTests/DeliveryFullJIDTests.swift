import Testing
import XMPPCore

@testable import XMPPProtocol

/// RFC 6121 §8.5.3: stanzas to `localpart@domainpart/resourcepart` of an
/// existing account.
struct DeliveryFullJIDTests {
    typealias A = DeliveryAccounts

    /// §8.5.3.1: a connected resource gets what is addressed to it, even
    /// with a negative priority or before initial presence; subscription
    /// stanzas and probes are the server's.
    static let matchingCases: [DeliveryCase] =
        MessageType.allCases.flatMap { type in
            [
                DeliveryCase(.message(type), to: "b", A.mixed, .deliver(["b"])),
                DeliveryCase(.message(type), to: "d", A.mixed, .deliver(["d"])),
                DeliveryCase(.message(type), to: "e", A.mixed, .deliver(["e"])),
            ]
        }
        + [
            DeliveryCase(.presence(nil), to: "d", A.mixed, .deliver(["d"])),
            DeliveryCase(.presence(.unavailable), to: "e", A.mixed, .deliver(["e"])),
            DeliveryCase(.presence(.error), to: "a", A.mixed, .deliver(["a"])),
            DeliveryCase(.presence(.invalid("busy")), to: "a", A.mixed, .error(.badRequest)),
        ]
        + [PresenceType.subscribe, .subscribed, .unsubscribe, .unsubscribed, .probe].map { type in
            DeliveryCase(.presence(type), to: "b", A.mixed, .server)
        }
        + IQType.allCases.flatMap { type in
            [
                DeliveryCase(.iq(type), to: "a", A.one, .deliver(["a"])),
                DeliveryCase(.iq(type), to: "d", A.mixed, .deliver(["d"])),
                DeliveryCase(.iq(type), to: "e", A.mixed, .deliver(["e"])),
            ]
        }

    /// §8.5.3.2.1: chat as if to the bare JID; normal and groupchat
    /// service-unavailable; headline and error ignored.
    static let unmatchedMessagesCases: [DeliveryCase] = [
        DeliveryCase(.message(.chat), to: "z", A.noResources, .store),
        DeliveryCase(.message(.chat), to: "z", A.one, .deliver(["a"])),
        DeliveryCase(.message(.chat), to: "z", A.oneNegative, .store),
        DeliveryCase(.message(.chat), to: "z", A.mixed, .deliver(["b", "c"])),
        DeliveryCase(.message(.chat), to: "z", A.tiedAtZero, .deliver(["a", "b"])),
        DeliveryCase(.message(.chat), to: "z", A.different, .deliver(["x"])),
        DeliveryCase(.message(.chat), to: "z", A.connectedOnly, .store),
        DeliveryCase(.message(.chat), to: "z", A.allNegative, .store),
        DeliveryCase(.message(.normal), to: "z", A.noResources, .error(.serviceUnavailable)),
        DeliveryCase(.message(.normal), to: "z", A.one, .error(.serviceUnavailable)),
        DeliveryCase(.message(.normal), to: "z", A.mixed, .error(.serviceUnavailable)),
        DeliveryCase(.message(.groupchat), to: "z", A.noResources, .error(.serviceUnavailable)),
        DeliveryCase(.message(.groupchat), to: "z", A.mixed, .error(.serviceUnavailable)),
        DeliveryCase(.message(.headline), to: "z", A.noResources, .ignore),
        DeliveryCase(.message(.headline), to: "z", A.mixed, .ignore),
        DeliveryCase(.message(.error), to: "z", A.noResources, .ignore),
        DeliveryCase(.message(.error), to: "z", A.mixed, .ignore),
        DeliveryCase(.message(.chat), to: "B", A.mixed, .deliver(["b", "c"])),  // resourceparts are case-sensitive
    ]

    /// §8.5.3.2.2: subscribe and probe are the server's; everything else is
    /// ignored. §8.5.3.2.3: get/set service-unavailable, responses ignored.
    static let unmatchedPresenceAndIQCases: [DeliveryCase] = [
        DeliveryCase(.presence(nil), to: "z", A.mixed, .ignore),
        DeliveryCase(.presence(nil), to: "z", A.noResources, .ignore),
        DeliveryCase(.presence(.unavailable), to: "z", A.mixed, .ignore),
        DeliveryCase(.presence(.subscribe), to: "z", A.mixed, .server),
        DeliveryCase(.presence(.subscribe), to: "z", A.noResources, .server),
        DeliveryCase(.presence(.probe), to: "z", A.mixed, .server),
        DeliveryCase(.presence(.subscribed), to: "z", A.mixed, .ignore),
        DeliveryCase(.presence(.unsubscribe), to: "z", A.mixed, .ignore),
        DeliveryCase(.presence(.unsubscribed), to: "z", A.mixed, .ignore),
        DeliveryCase(.presence(.error), to: "z", A.mixed, .ignore),
        DeliveryCase(.iq(.get), to: "z", A.mixed, .error(.serviceUnavailable)),
        DeliveryCase(.iq(.set), to: "z", A.noResources, .error(.serviceUnavailable)),
        DeliveryCase(.iq(.result), to: "z", A.mixed, .ignore),
        DeliveryCase(.iq(.error), to: "z", A.mixed, .ignore),
    ]

    @Test("full JID of a connected resource", arguments: DeliveryFullJIDTests.matchingCases)
    func matching(_ test: DeliveryCase) { test.check() }

    @Test("message to an unknown resource", arguments: DeliveryFullJIDTests.unmatchedMessagesCases)
    func unmatchedMessages(_ test: DeliveryCase) { test.check() }

    @Test("presence and IQ to an unknown resource", arguments: DeliveryFullJIDTests.unmatchedPresenceAndIQCases)
    func unmatchedPresenceAndIQ(_ test: DeliveryCase) { test.check() }
}
