import Testing
import XMPPCore

@testable import XMPPProtocol

/// Three servers in memory: capulet.example (Initiating Server, and
/// Authoritative Server for its domains) dials montague.example (Receiving
/// Server). Elements travel as `XMLElement`s and are parsed on arrival.
struct DialbackFederation {
    static let capuletSecret = DialbackSecret("s3cr3tf0rd14lb4ck")
    static let montagueSecret = DialbackSecret("d14lb4ck43v3r")

    var initiating: DialbackInitiatingServer
    var receiving: DialbackReceivingServer
    /// Inbound streams of Authoritative Servers, by the domains they answer for.
    var authoritative: [String: DialbackReceivingServer]
    /// Everything the Initiating / Receiving Server asked of its driver, in order.
    var initiatingLog: [DialbackAction] = []
    var receivingLog: [DialbackAction] = []
    /// Stanzas the Receiving Server handed to its router.
    var delivered: [XMLElement] = []

    init(
        initiatingSecret: DialbackSecret = capuletSecret,
        receiving configuration: DialbackReceivingConfiguration = DialbackReceivingConfiguration(
            hostedDomains: ["montague.example"], secret: montagueSecret),
        authoritativeDomains: Set<String> = ["capulet.example", "rooms.capulet.example"]
    ) {
        initiating = DialbackInitiatingServer(secret: initiatingSecret)
        receiving = DialbackReceivingServer(streamID: "D60000229F", configuration: configuration)
        let capulet = DialbackReceivingServer(
            streamID: "verification-stream",
            configuration: DialbackReceivingConfiguration(hostedDomains: authoritativeDomains, secret: Self.capuletSecret))
        authoritative = [:]
        for domain in ["capulet.example", "rooms.capulet.example", "verona.example"] { authoritative[domain] = capulet }
    }

    /// Opens the stream with montague's response header id and features.
    mutating func open() throws {
        initiating.featuresReceived([DialbackFeature.element])
        try initiatingDid(initiating.streamOpened(id: receiving.streamID))
    }

    mutating func send(_ stanza: XMLElement) throws {
        try initiatingDid(initiating.send(stanza))
    }

    mutating func authorize(_ pair: DialbackDomainPair) throws {
        try initiatingDid(initiating.authorize(pair))
    }

    /// Performs the Initiating Server's actions.
    mutating func initiatingDid(_ actions: [DialbackAction]) throws {
        for action in actions {
            initiatingLog.append(action)
            switch action {
            case .send(let element):
                try receivingDid(receiving.received(element.element))
            case .sendStanza(let stanza):
                try receivingDid(receiving.received(stanza))
            default:
                break
            }
        }
    }

    /// Performs the Receiving Server's actions, playing DNS and the
    /// verification connections to the Authoritative Servers.
    mutating func receivingDid(_ actions: [DialbackAction]) throws {
        for action in actions {
            receivingLog.append(action)
            switch action {
            case .send(let element):
                try initiatingDid(initiating.received(DialbackElement(parsing: element.element)))
            case .requestVerification(let verify, let domain):
                guard var server = authoritative[domain] else {
                    let pair = DialbackDomainPair(senderDomain: verify.to, targetDomain: verify.from)
                    try receivingDid(receiving.verificationFailed(pair, condition: .remoteServerNotFound))
                    continue
                }
                let answers = server.received(verify.element)
                authoritative[domain] = server
                for case .send(let answer) in answers {
                    try receivingDid(receiving.verificationAnswered(DialbackElement(parsing: answer.element)))
                }
            case .deliver(let stanza):
                delivered.append(stanza)
            default:
                break
            }
        }
    }

    static func bounces(in log: [DialbackAction]) -> [([XMLElement], StanzaError)] {
        var result: [([XMLElement], StanzaError)] = []
        for case .bounce(let stanzas, let error) in log { result.append((stanzas, error)) }
        return result
    }

    static func message(from: String, to: String, body: String = "hi") -> XMLElement {
        var message = XMLElement(name: "message", namespace: XMLNamespace.server)
        message[attribute: "from"] = from
        message[attribute: "to"] = to
        message.append(XMLElement(name: "body", namespace: XMLNamespace.server, text: body))
        return message
    }
}

/// The full exchange of XEP-0220 §2.1–§2.2 between the three roles.
struct DialbackExchangeTests {
    static let capuletToMontague = DialbackDomainPair(senderDomain: "capulet.example", targetDomain: "montague.example")

    @Test func validKeyAuthorizesThePairAndReleasesTheQueue() throws {
        var federation = DialbackFederation()
        let message = DialbackFederation.message(from: "juliet@capulet.example/balcony", to: "romeo@montague.example")
        try federation.send(message)  // queued: the stream is not open yet
        #expect(federation.initiatingLog.isEmpty)
        try federation.open()

        let key = DialbackKey("b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3")  // XEP-0220 Example 1
        #expect(federation.initiatingLog.first == .send(.result(from: "capulet.example", to: "montague.example", .key(key))))
        #expect(
            federation.receivingLog.first
                == .requestVerification(
                    .verify(from: "montague.example", to: "capulet.example", id: "D60000229F", .key(key)),
                    authoritativeDomain: "capulet.example"))
        #expect(federation.receivingLog.contains(.send(.result(from: "montague.example", to: "capulet.example", .valid))))
        #expect(federation.receivingLog.contains(.authorized(Self.capuletToMontague)))
        #expect(federation.initiatingLog.contains(.authorized(Self.capuletToMontague)))
        #expect(federation.initiatingLog.contains(.sendStanza(message)))
        #expect(federation.delivered == [message])
        #expect(federation.initiating.authorizedPairs == [Self.capuletToMontague])
        #expect(federation.receiving.authorizedPairs == [Self.capuletToMontague])
        #expect(federation.initiating.pendingPairs.isEmpty && federation.receiving.pendingPairs.isEmpty)

        // Later stanzas for the pair go straight out.
        let second = DialbackFederation.message(from: "nurse@capulet.example", to: "romeo@montague.example")
        #expect(federation.initiating.send(second) == [.sendStanza(second)])
    }

    @Test func forgedKeyIsInvalidAndClosesTheStream() throws {
        var federation = DialbackFederation(initiatingSecret: DialbackSecret("not capulet's secret"))
        try federation.open()
        let message = DialbackFederation.message(from: "tybalt@capulet.example", to: "romeo@montague.example")
        try federation.send(message)

        #expect(federation.receivingLog.contains(.send(.result(from: "montague.example", to: "capulet.example", .invalid))))
        guard case .close(let streamError)? = federation.receivingLog.last else {
            Issue.record("the stream stayed open: \(federation.receivingLog)")
            return
        }
        #expect(streamError.condition == .notAuthorized)
        #expect(federation.receiving.isClosed)
        #expect(federation.receiving.authorizedPairs.isEmpty)
        #expect(federation.initiatingLog.contains(.failed(Self.capuletToMontague, StanzaError(.forbidden, type: .cancel))))
        let bounce = DialbackFederation.bounces(in: federation.initiatingLog)
        #expect(bounce.count == 1)
        #expect(bounce.first?.0 == [message])
        #expect(bounce.first?.1.condition == .internalServerError)
        #expect(federation.delivered.isEmpty)
        // The stream is done for: other stanzas go elsewhere.
        let other = DialbackFederation.message(from: "rooms.capulet.example", to: "montague.example")
        #expect(federation.initiating.send(other) == [.reroute([other])])
    }

    @Test func invalidKeyMayBeAnsweredWithForbidden() throws {
        var federation = DialbackFederation(
            initiatingSecret: DialbackSecret("forged"),
            receiving: DialbackReceivingConfiguration(
                hostedDomains: ["montague.example"], secret: DialbackFederation.montagueSecret,
                answersInvalidKeyWithForbidden: true))
        try federation.open()
        try federation.authorize(Self.capuletToMontague)
        let forbidden = StanzaError(.forbidden, type: .cancel)
        #expect(federation.receivingLog.contains(.send(.result(from: "montague.example", to: "capulet.example", .error(forbidden)))))
        #expect(!federation.receiving.isClosed)
        #expect(federation.initiatingLog == [
            .send(.result(from: "capulet.example", to: "montague.example", .key(
                DialbackKey(secret: DialbackSecret("forged"), receivingServer: "montague.example",
                            originatingServer: "capulet.example", streamID: "D60000229F")))),
            .failed(Self.capuletToMontague, forbidden),
        ])
        #expect(federation.initiating.isUsable)
    }

    @Test func unknownTargetDomainIsADialbackErrorNotAStreamError() throws {
        var federation = DialbackFederation()
        try federation.open()
        let message = DialbackFederation.message(from: "juliet@capulet.example", to: "paris@verona.example")
        try federation.send(message)
        let pair = DialbackDomainPair(senderDomain: "capulet.example", targetDomain: "verona.example")
        let notFound = StanzaError(.itemNotFound, type: .cancel)
        #expect(federation.receivingLog == [
            .send(.result(from: "verona.example", to: "capulet.example", .error(notFound))), .failed(pair, notFound),
        ])
        #expect(!federation.receiving.isClosed)
        #expect(federation.initiatingLog.contains(.failed(pair, notFound)))
        let bounced = DialbackFederation.bounces(in: federation.initiatingLog)
        #expect(bounced.first?.0 == [message])
        #expect(bounced.first?.1.condition == .remoteServerTimeout)  // §2.1.1, §2.5
        #expect(federation.initiating.isUsable)

        // The stream still serves other pairs.
        try federation.authorize(Self.capuletToMontague)
        #expect(federation.receiving.authorizedPairs == [Self.capuletToMontague])
    }

    @Test func authoritativeServerNotHostingTheSenderDomainAnswersItemNotFound() throws {
        // The Authoritative Server reached for verona.example does not host it.
        var federation = DialbackFederation()
        try federation.open()
        let pair = DialbackDomainPair(senderDomain: "verona.example", targetDomain: "montague.example")
        try federation.authorize(pair)

        let authoritative = DialbackAuthoritativeServer(secret: DialbackFederation.capuletSecret, hostedDomains: ["capulet.example"])
        let request = DialbackElement.verify(from: "montague.example", to: "verona.example", id: "D60000229F", .key(DialbackKey("00")))
        #expect(
            authoritative.answer(request)
                == .verify(from: "verona.example", to: "montague.example", id: "D60000229F", .error(StanzaError(.itemNotFound, type: .cancel))))
        // … which the Receiving Server reports as remote-server-not-found (§2.5).
        let expected = StanzaError(.remoteServerNotFound, type: .cancel)
        #expect(federation.receivingLog.contains(.send(.result(from: "montague.example", to: "verona.example", .error(expected)))))
        #expect(federation.initiatingLog.contains(.failed(pair, expected)))
        #expect(federation.receiving.authorizedPairs.isEmpty)
    }

    @Test func unreachableAuthoritativeServer() throws {
        var federation = DialbackFederation()
        try federation.open()
        let pair = DialbackDomainPair(senderDomain: "nowhere.example", targetDomain: "montague.example")
        try federation.authorize(pair)
        #expect(federation.initiatingLog.last == .failed(pair, StanzaError(.remoteServerNotFound)))
    }

    @Test func multiplexesTwoPairsOnOneStream() throws {
        var federation = DialbackFederation()
        try federation.open()
        let rooms = DialbackDomainPair(senderDomain: "rooms.capulet.example", targetDomain: "montague.example")
        let fromJuliet = DialbackFederation.message(from: "juliet@capulet.example", to: "romeo@montague.example")
        let fromRoom = DialbackFederation.message(from: "tomb@rooms.capulet.example/juliet", to: "romeo@montague.example")
        try federation.send(fromJuliet)
        try federation.send(fromRoom)
        #expect(federation.initiating.authorizedPairs == [Self.capuletToMontague, rooms])
        #expect(federation.receiving.authorizedPairs == [Self.capuletToMontague, rooms])
        #expect(federation.delivered == [fromJuliet, fromRoom])
        var keys: [DialbackElement] = []
        for case .send(let element) in federation.initiatingLog { keys.append(element) }
        #expect(keys.map(\.from) == ["capulet.example", "rooms.capulet.example"])
    }

    @Test func stanzasAreCheckedAgainstTheAuthorizedPairs() throws {
        var before = DialbackFederation()
        try before.open()
        #expect(
            before.receiving.receivedStanza(DialbackFederation.message(from: "juliet@capulet.example", to: "romeo@montague.example"))
                == [.close(StreamError(.notAuthorized, text: "No domain pair is authorized on this stream yet"))])

        func condition(_ stanza: XMLElement) throws -> StreamErrorCondition? {
            var federation = DialbackFederation(
                receiving: DialbackReceivingConfiguration(
                    hostedDomains: ["montague.example", "chat.montague.example"], secret: DialbackFederation.montagueSecret))
            try federation.open()
            try federation.authorize(Self.capuletToMontague)
            let actions = federation.receiving.receivedStanza(stanza)
            if actions == [.deliver(stanza)] { return nil }
            guard actions.count == 1, case .close(let error) = actions[0] else {
                Issue.record("unexpected \(actions)")
                return nil
            }
            #expect(federation.receiving.isClosed)
            return error.condition
        }
        #expect(try condition(DialbackFederation.message(from: "juliet@capulet.example", to: "romeo@montague.example")) == nil)
        #expect(try condition(DialbackFederation.message(from: "capulet.example", to: "montague.example")) == nil)
        #expect(try condition(DialbackFederation.message(from: "mallory@evil.example", to: "romeo@montague.example")) == .invalidFrom)
        #expect(try condition(DialbackFederation.message(from: "juliet@capulet.example", to: "room@chat.montague.example")) == .notAuthorized)
        var noTo = DialbackFederation.message(from: "juliet@capulet.example", to: "x")
        noTo[attribute: "to"] = nil
        #expect(try condition(noTo) == .improperAddressing)
        #expect(try condition(XMLElement(name: "message", namespace: XMLNamespace.client)) == .unsupportedStanzaType)
    }

    @Test func unsolicitedAnswersAreDropped() throws {
        var federation = DialbackFederation()
        try federation.open()
        // A verdict nobody asked for, on either side (§3.1).
        #expect(federation.initiating.received(.result(from: "montague.example", to: "capulet.example", .valid)) == [])
        #expect(federation.initiating.authorizedPairs.isEmpty)
        var receiving = federation.receiving
        #expect(receiving.received(.result(from: "capulet.example", to: "montague.example", .valid)) == [])
        #expect(receiving.verificationAnswered(.verify(from: "capulet.example", to: "montague.example", id: "D60000229F", .valid)) == [])
        // A verdict for a pending pair but another stream id.
        _ = receiving.received(.result(from: "capulet.example", to: "montague.example", .key(DialbackKey("abc"))))
        #expect(receiving.pendingPairs == [Self.capuletToMontague])
        #expect(receiving.verificationAnswered(.verify(from: "capulet.example", to: "montague.example", id: "other", .valid)) == [])
        #expect(receiving.authorizedPairs.isEmpty)
    }

    @Test func tlsPolicyRefusesDialbackBeforeTLS() throws {
        var receiving = DialbackReceivingServer(
            streamID: "s1",
            configuration: DialbackReceivingConfiguration(
                hostedDomains: ["montague.example"], secret: DialbackFederation.montagueSecret, requiresTLS: true))
        let request = DialbackElement.result(from: "capulet.example", to: "montague.example", .key(DialbackKey("abc")))
        let actions = receiving.received(request)
        guard case .send(let answer) = actions.first, case .error(let error) = answer.content else {
            Issue.record("unexpected \(actions)")
            return
        }
        #expect(error.condition == .policyViolation)
        receiving.tlsEstablished()
        #expect(receiving.received(request).count == 1)
        #expect(receiving.received(request) == [])  // already pending
    }

    @Test func closingWhilePendingBouncesWithRemoteServerTimeout() {
        var initiating = DialbackInitiatingServer(secret: DialbackFederation.capuletSecret)
        _ = initiating.streamOpened(id: "s1")
        let message = DialbackFederation.message(from: "juliet@capulet.example", to: "romeo@montague.example")
        #expect(initiating.send(message).count == 1)
        let actions = initiating.streamClosed()
        #expect(actions.count == 2)
        guard case .bounce(let stanzas, let error) = actions.last else {
            Issue.record("unexpected \(actions)")
            return
        }
        #expect(stanzas == [message])
        #expect(error.condition == .remoteServerTimeout)
        #expect(!initiating.isUsable)
    }

    @Test func malformedDialbackClosesTheInboundStream() {
        var receiving = DialbackReceivingServer(
            streamID: "s1",
            configuration: DialbackReceivingConfiguration(hostedDomains: ["montague.example"], secret: DialbackFederation.montagueSecret))
        var bad = XMLElement(name: "result", namespace: XMLNamespace.dialback, text: "abc")
        bad[attribute: "to"] = "montague.example"
        #expect(receiving.received(bad) == [.close(StreamError(.improperAddressing, text: "<db:result/> needs 'from' and 'to'"))])
        #expect(receiving.isClosed)
    }
}
