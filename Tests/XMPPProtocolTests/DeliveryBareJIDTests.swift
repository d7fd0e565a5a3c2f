import Testing
import XMPPCore

@testable import XMPPProtocol

/// The expected outcome of a delivery case; `ignore` matches any reason.
enum ExpectedDelivery: Sendable, Equatable {
    case deliver([String])
    case store
    case error(StanzaErrorCondition)
    case ignore
    case server

    func matches(_ decision: DeliveryDecision) -> Bool {
        switch (self, decision) {
        case (.deliver(let expected), .deliver(let actual)): expected == actual
        case (.store, .storeOffline): true
        case (.error(let expected), .replyError(let actual)): expected == actual
        case (.ignore, .ignore): true
        case (.server, .handleOnBehalfOfAccount): true
        default: false
        }
    }
}

/// One stanza to one address of one account, and what must happen.
struct DeliveryCase: Sendable, CustomTestStringConvertible {
    let stanza: DeliveryStanza
    let resource: String?
    let account: (name: String, value: LocalAccount)
    let expected: ExpectedDelivery

    init(_ stanza: DeliveryStanza, to resource: String? = nil, _ account: (String, LocalAccount), _ expected: ExpectedDelivery) {
        self.stanza = stanza
        self.resource = resource
        self.account = account
        self.expected = expected
    }

    var testDescription: String {
        let kind: String
        switch stanza {
        case .message(let type): kind = "message \(type.rawValue)"
        case .presence(let type): kind = "presence \(type?.rawValue ?? "available")"
        case .iq(let type): kind = "iq \(type.rawValue)"
        }
        return "\(kind) to \(resource.map { "/" + $0 } ?? "bare JID"), \(account.name) → \(expected)"
    }

    func check() {
        let decision = DeliveryRules.decide(stanza, toResource: resource, account: account.value)
        #expect(expected.matches(decision), "got \(decision)")
    }
}

/// Accounts with resources of various priorities (named for the tests).
enum DeliveryAccounts {
    static let noResources = ("no resources", LocalAccount())
    static let one = ("one resource at 0", LocalAccount(resources: [.init("a", priority: 0)]))
    static let oneNegative = ("one resource at -1", LocalAccount(resources: [.init("a", priority: -1)]))
    /// a 1, b 5, c 5, d -2, e connected but not available (9).
    static let mixed = (
        "a 1, b 5, c 5, d -2, e unavailable",
        LocalAccount(resources: [
            .init("a", priority: 1), .init("b", priority: 5), .init("c", priority: 5),
            .init("d", priority: -2), .init("e", priority: 9, isAvailable: false),
        ])
    )
    static let tiedAtZero = ("a 0, b 0", LocalAccount(resources: [.init("a", priority: 0), .init("b", priority: 0)]))
    static let different = ("x 3, y 1", LocalAccount(resources: [.init("x", priority: 3), .init("y", priority: 1)]))
    static let connectedOnly = ("a connected only", LocalAccount(resources: [.init("a", isAvailable: false)]))
    static let allNegative = ("a -1, b -3", LocalAccount(resources: [.init("a", priority: -1), .init("b", priority: -3)]))
    static let noSuchUser = ("no such user", LocalAccount.noSuchUser)
}

/// RFC 6121 §8.5.2: stanzas to `localpart@domainpart` of an existing account.
struct DeliveryBareJIDTests {
    typealias A = DeliveryAccounts

    /// §8.5.2.1.1, §8.5.2.2.1: normal and chat go to the highest
    /// non-negative priority (all ties), else offline storage.
    static let normalAndChatCases: [DeliveryCase] = [MessageType.normal, .chat].flatMap { type in
        [
            DeliveryCase(.message(type), A.noResources, .store),
            DeliveryCase(.message(type), A.one, .deliver(["a"])),
            DeliveryCase(.message(type), A.oneNegative, .store),
            DeliveryCase(.message(type), A.mixed, .deliver(["b", "c"])),
            DeliveryCase(.message(type), A.tiedAtZero, .deliver(["a", "b"])),
            DeliveryCase(.message(type), A.different, .deliver(["x"])),
            DeliveryCase(.message(type), A.connectedOnly, .store),
            DeliveryCase(.message(type), A.allNegative, .store),
        ]
    }

    /// headline: every non-negative available resource, else ignored;
    /// groupchat: service-unavailable; error: ignored.
    static let otherMessagesCases: [DeliveryCase] = [
        DeliveryCase(.message(.headline), A.noResources, .ignore),
        DeliveryCase(.message(.headline), A.one, .deliver(["a"])),
        DeliveryCase(.message(.headline), A.oneNegative, .ignore),
        DeliveryCase(.message(.headline), A.mixed, .deliver(["a", "b", "c"])),
        DeliveryCase(.message(.headline), A.tiedAtZero, .deliver(["a", "b"])),
        DeliveryCase(.message(.headline), A.different, .deliver(["x", "y"])),
        DeliveryCase(.message(.headline), A.connectedOnly, .ignore),
        DeliveryCase(.message(.headline), A.allNegative, .ignore),
        DeliveryCase(.message(.groupchat), A.noResources, .error(.serviceUnavailable)),
        DeliveryCase(.message(.groupchat), A.one, .error(.serviceUnavailable)),
        DeliveryCase(.message(.groupchat), A.mixed, .error(.serviceUnavailable)),
        DeliveryCase(.message(.error), A.noResources, .ignore),
        DeliveryCase(.message(.error), A.one, .ignore),
        DeliveryCase(.message(.error), A.mixed, .ignore),
    ]

    /// §8.5.2.1.2, §8.5.2.2.2: presence broadcasts go to every available
    /// resource, negative or not; subscription stanzas and probes are the
    /// server's; an undefined type is a bad request.
    static let presenceCases: [DeliveryCase] = [
        DeliveryCase(.presence(nil), A.noResources, .ignore),
        DeliveryCase(.presence(nil), A.one, .deliver(["a"])),
        DeliveryCase(.presence(nil), A.oneNegative, .deliver(["a"])),
        DeliveryCase(.presence(nil), A.mixed, .deliver(["a", "b", "c", "d"])),
        DeliveryCase(.presence(nil), A.connectedOnly, .ignore),
        DeliveryCase(.presence(.unavailable), A.noResources, .ignore),
        DeliveryCase(.presence(.unavailable), A.mixed, .deliver(["a", "b", "c", "d"])),
        DeliveryCase(.presence(.error), A.noResources, .ignore),
        DeliveryCase(.presence(.error), A.allNegative, .deliver(["a", "b"])),
        DeliveryCase(.presence(.invalid("available")), A.one, .error(.badRequest)),
    ] + [PresenceType.subscribe, .subscribed, .unsubscribe, .unsubscribed, .probe].flatMap { type in
        [
            DeliveryCase(.presence(type), A.noResources, .server),
            DeliveryCase(.presence(type), A.mixed, .server),
        ]
    }

    /// §8.5.2.1.3, §8.5.2.2.3: the server answers IQs on the account's behalf.
    static let iqCases: [DeliveryCase] = IQType.allCases.flatMap { type in
        [
            DeliveryCase(.iq(type), A.noResources, .server),
            DeliveryCase(.iq(type), A.mixed, .server),
        ]
    }

    @Test("normal and chat to the bare JID", arguments: DeliveryBareJIDTests.normalAndChatCases)
    func normalAndChat(_ test: DeliveryCase) { test.check() }

    @Test("headline, groupchat, error to the bare JID", arguments: DeliveryBareJIDTests.otherMessagesCases)
    func otherMessages(_ test: DeliveryCase) { test.check() }

    @Test("presence to the bare JID", arguments: DeliveryBareJIDTests.presenceCases)
    func presence(_ test: DeliveryCase) { test.check() }

    @Test("IQ to the bare JID", arguments: DeliveryBareJIDTests.iqCases)
    func iq(_ test: DeliveryCase) { test.check() }

    @Test func negativePriorityNeverGetsABareJIDMessage() {
        for type in MessageType.allCases {
            let decision = DeliveryRules.decide(.message(type), toResource: nil, account: A.mixed.1)
            if case .deliver(let resources) = decision {
                #expect(!resources.contains("d"))
                #expect(!resources.contains("e"))
            }
        }
    }

    @Test func decidingByJIDUsesItsResourcepart() throws {
        let bare = try JID("juliet@example.com")
        let full = try JID("juliet@example.com/d")
        #expect(DeliveryRules.decide(.message(.chat), to: bare, account: A.mixed.1) == .deliver(toResources: ["b", "c"]))
        #expect(DeliveryRules.decide(.message(.chat), to: full, account: A.mixed.1) == .deliver(toResources: ["d"]))
    }

    @Test func stanzaKindsFromElements() throws {
        let juliet = try JID("juliet@example.com")
        #expect(DeliveryStanza(Message(type: .headline, to: juliet).element) == .message(.headline))
        #expect(DeliveryStanza(Presence(to: juliet).element) == .presence(nil))
        #expect(DeliveryStanza(Presence(type: .probe, to: juliet).element) == .presence(.probe))
        #expect(DeliveryStanza(IQ(type: .get, to: juliet, id: "1").element) == .iq(.get))
        var noType = XMLElement(name: "message", namespace: XMLNamespace.client)
        noType[attribute: "to"] = "juliet@example.com"
        #expect(DeliveryStanza(noType) == .message(.normal))
        #expect(DeliveryStanza(XMLElement(name: "iq", namespace: XMLNamespace.client)) == nil)
        #expect(DeliveryStanza(XMLElement(name: "message", namespace: "jabber:iq:roster")) == nil)
    }

    @Test func resourceSelections() {
        let account = A.mixed.1
        #expect(account.availableResources.map(\.resource) == ["a", "b", "c", "d"])
        #expect(account.nonNegativeResources.map(\.resource) == ["a", "b", "c"])
        #expect(account.mostAvailableResources.map(\.resource) == ["b", "c"])
        #expect(LocalAccount(exists: false, resources: [.init("a")]).resources.isEmpty)
    }
}
