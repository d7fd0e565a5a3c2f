import XMPPCore
@testable import XMPPProtocol

/// An outgoing and an incoming s2s machine back to back, no I/O. The
/// incoming side's dialback verification is answered by a third machine in
/// the authoritative role (`authority`), as a real verification connection would be.
struct S2SStreamPair {
    enum Delivery {
        case toIncomingHeader(StreamHeader), toIncoming(XMLElement), incomingTLSDone, incomingPeerClosed
        case toOutgoingHeader(StreamHeader), toOutgoing(XMLElement), outgoingPeerClosed
    }

    var outgoing: S2SOutgoingStream
    var incoming: S2SIncomingStream
    var outgoingLog: [S2SOutgoingAction] = []
    var incomingLog: [S2SIncomingAction] = []
    /// Identities the originating server's certificate asserts (seen by the incoming side after TLS).
    var originatingCertificate: [String]
    /// The authoritative server's key function (the originating server's secret).
    var authoritativeKey: @Sendable (String, String, String) -> String
    private var queue: [Delivery] = []

    static func key(secret: String) -> @Sendable (String, String, String) -> String {
        { receiving, originating, streamID in "\(secret)|\(receiving)|\(originating)|\(streamID)" }
    }

    init(outgoingPolicy: S2SPolicy = S2SPolicy(), incomingPolicy: S2SPolicy = S2SPolicy(),
         originatingCertificate: [String] = ["alpha.test"], originatingSecret: String = "alpha-secret", forgedSecret: String? = nil,
         receivingHosts: Set<String> = ["bravo.test"]) {
        let realKey = Self.key(secret: originatingSecret)
        let usedKey = Self.key(secret: forgedSecret ?? originatingSecret)
        outgoing = S2SOutgoingStream(localDomain: "alpha.test", remoteDomain: "bravo.test", policy: outgoingPolicy, dialbackKey: usedKey)
        incoming = S2SIncomingStream(
            hostedDomains: receivingHosts, policy: incomingPolicy, tlsAvailable: true,
            random: SeededGenerator(seed: 9), dialbackKey: Self.key(secret: "bravo-secret")
        )
        self.originatingCertificate = originatingCertificate
        authoritativeKey = realKey
    }

    mutating func run() {
        incomingDid(incoming.start())
        outgoingDid(outgoing.start())
        pump()
    }

    /// A stanza of another domain pair over the established stream (XEP-0220
    /// §2.6), and everything it sets off; the initiating side's actions.
    mutating func sendMultiplexed(_ stanza: XMLElement) -> [S2SOutgoingAction] {
        let before = outgoingLog.count
        outgoingDid(outgoing.sendMultiplexed(stanza))
        pump()
        return Array(outgoingLog[before...])
    }

    /// Records the initiating side's actions without delivering anything.
    mutating func outgoingDidOnly(_ actions: [S2SOutgoingAction]) {
        outgoingLog += actions
    }

    /// Delivers what is in flight until both sides are quiet.
    mutating func pump() {
        var steps = 0
        while !queue.isEmpty && steps < 1000 {
            steps += 1
            switch queue.removeFirst() {
            case .toIncomingHeader(let header): incomingDid(incoming.streamOpened(header))
            case .toIncoming(let element): incomingDid(incoming.received(element))
            case .incomingTLSDone: incomingDid(incoming.tlsEstablished(peerCertificateIdentities: originatingCertificate))
            case .incomingPeerClosed: incomingDid(incoming.streamClosed())
            case .toOutgoingHeader(let header): outgoingDid(outgoing.streamOpened(header))
            case .toOutgoing(let element): outgoingDid(outgoing.received(element))
            case .outgoingPeerClosed: outgoingDid(outgoing.streamClosed())
            }
        }
    }

    /// Sends a stanza over the established stream to the incoming side.
    mutating func deliver(_ stanza: XMLElement) -> [S2SIncomingAction] {
        incoming.received(stanza)
    }

    /// The receiving side sends a stanza back over a bidirectional stream
    /// (XEP-0288); what the initiating side makes of what arrives.
    mutating func sendBack(_ stanza: XMLElement) throws(BidiSendRefusal) -> [S2SOutgoingAction] {
        var result: [S2SOutgoingAction] = []
        for action in try incoming.send(stanza) {
            if case .send(let element) = action { result += outgoing.received(element) }
        }
        return result
    }

    /// Elements the initiating side sent, in order.
    var sentByOutgoing: [XMLElement] {
        outgoingLog.compactMap { if case .send(let element) = $0 { element } else { nil } }
    }

    /// Elements the receiving side sent, in order.
    var sentByIncoming: [XMLElement] {
        incomingLog.compactMap { if case .send(let element) = $0 { element } else { nil } }
    }

    private mutating func incomingDid(_ actions: [S2SIncomingAction]) {
        for action in actions {
            incomingLog.append(action)
            switch action {
            case .sendHeader(let header): queue.append(.toOutgoingHeader(header))
            case .send(let element): queue.append(.toOutgoing(element))
            case .verifyDialback(let originating, let receiving, let streamID, let key):
                // The authoritative server (alpha.test) recomputes the key for this stream.
                let valid = authoritativeKey(receiving, originating, streamID) == key
                incomingDid(incoming.dialbackVerified(originating: originating, receiving: receiving, verdict: valid ? .valid : .invalid))
            case .close(let error):
                if let error { queue.append(.toOutgoing(error.element)) }
                queue.append(.outgoingPeerClosed)
            default: break
            }
        }
    }

    private mutating func outgoingDid(_ actions: [S2SOutgoingAction]) {
        for action in actions {
            outgoingLog.append(action)
            switch action {
            case .sendHeader(let header): queue.append(.toIncomingHeader(header))
            case .send(let element): queue.append(.toIncoming(element))
            case .startTLS:
                queue.append(.incomingTLSDone)
                outgoingDid(outgoing.tlsEstablished())
            case .close(let error):
                if let error { queue.append(.toIncoming(error.element)) }
                queue.append(.incomingPeerClosed)
            default: break
            }
        }
    }

    var establishedMethod: S2SAuthenticationMethod? {
        for action in outgoingLog { if case .established(let method) = action { return method } }
        return nil
    }

    var outgoingFailure: S2SFailure? {
        for action in outgoingLog { if case .failed(let failure) = action { return failure } }
        return nil
    }
}
