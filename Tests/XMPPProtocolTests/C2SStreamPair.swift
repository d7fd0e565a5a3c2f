import XMPPCore
@testable import XMPPProtocol

/// The c2s machines back to back, no I/O: what one side sends is fed to the
/// other in order, as a channel would (swift-nio-ssh's end-to-end style).
struct C2SStreamPair {
    enum Delivery {
        case serverHeader(StreamHeader), serverElement(XMLElement), serverTLSDone, serverPeerClosed
        case clientHeader(StreamHeader), clientElement(XMLElement), clientPeerClosed
    }

    var server: C2SServerStream
    var client: C2SClientStream
    var serverLog: [C2SServerAction] = []
    var clientLog: [C2SClientAction] = []
    /// How the "server" answers bind requests.
    var bindDecision: @Sendable (JID, String?) -> Result<JID, StanzaError> = { account, resource in
        .success(try! account.with(resource: resource ?? "generated"))
    }
    /// How the "server" answers XEP-0198 `<resume/>`.
    var resumeDecision: @Sendable (JID, String, UInt32) -> Result<JID, ResumeFailure> = { _, _, _ in
        .failure(ResumeFailure(.itemNotFound))
    }
    private var queue: [Delivery] = []

    static let store = SASLInMemoryCredentialStore([
        "alice": .found(SASLCredentials(password: "secret", salt: Array("saltsaltsalt".utf8), iterations: 4096, keepingPlainPassword: true)),
    ])

    init(
        tls: TLSPolicy = .required, clientTLS: TLSPolicy = .required,
        mechanisms: [String] = ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"],
        clientMechanism: any SASLClientMechanism, resource: String? = "desk",
        serverFeatures: [XMLElement] = [], clientStreamManagement: StreamManagementPolicy = .disabled,
        resumption: SMResumption? = nil
    ) {
        let configuration = C2SServerConfiguration(
            domain: "alpha.test", tls: tls, sasl: SASLServerMechanisms(enabled: mechanisms), credentials: Self.store,
            postAuthenticationFeatures: serverFeatures
        )
        server = C2SServerStream(configuration: configuration, random: SeededGenerator(seed: 7))
        client = C2SClientStream(
            configuration: C2SClientConfiguration(
                account: try! JID("alice@alpha.test"), tls: clientTLS, requestedResource: resource,
                streamManagement: clientStreamManagement, resumption: resumption),
            mechanism: clientMechanism
        )
    }

    /// Starts both sides and moves everything until both are quiet (bounded).
    mutating func run() {
        serverDid(server.start())
        clientDid(client.start())
        var steps = 0
        while !queue.isEmpty && steps < 1000 {
            steps += 1
            let delivery = queue.removeFirst()
            switch delivery {
            case .serverHeader(let header): serverDid(server.streamOpened(header))
            case .serverElement(let element): serverDid(server.received(element))
            case .serverTLSDone: serverDid(server.tlsEstablished(peerCertificateIdentities: []))
            case .serverPeerClosed: serverDid(server.streamClosed())
            case .clientHeader(let header): clientDid(client.streamOpened(header))
            case .clientElement(let element): clientDid(client.received(element))
            case .clientPeerClosed: clientDid(client.streamClosed())
            }
        }
    }

    private mutating func serverDid(_ actions: [C2SServerAction]) {
        for action in actions {
            serverLog.append(action)
            switch action {
            case .sendHeader(let header): queue.append(.clientHeader(header))
            case .send(let element): queue.append(.clientElement(element))
            case .bind(let account, let resource):
                switch bindDecision(account, resource) {
                case .success(let jid): serverDid(server.bindCompleted(jid))
                case .failure(let error): serverDid(server.bindFailed(error))
                }
            case .resume(let account, let previd, let h):
                switch resumeDecision(account, previd, h) {
                case .success(let jid):
                    queue.append(.clientElement(SMElement.resumed(previd: previd, h: 3).element))
                    serverDid(server.resumeCompleted(jid))
                case .failure(let failure): serverDid(server.resumeFailed(failure))
                }
            case .close(let error):
                if let error { queue.append(.clientElement(error.element)) }
                queue.append(.clientPeerClosed)
            default: break
            }
        }
    }

    private mutating func clientDid(_ actions: [C2SClientAction]) {
        for action in actions {
            clientLog.append(action)
            switch action {
            case .sendHeader(let header): queue.append(.serverHeader(header))
            case .send(let element): queue.append(.serverElement(element))
            case .startTLS:
                // Both ends finish the handshake; the server learns it before the restarted header.
                queue.append(.serverTLSDone)
                clientDid(client.tlsEstablished())
            case .close(let error):
                if let error { queue.append(.serverElement(error.element)) }
                queue.append(.serverPeerClosed)
            default: break
            }
        }
    }

    /// The client's failure, if it reported one.
    var clientFailure: C2SClientFailure? {
        for action in clientLog { if case .failed(let failure) = action { return failure } }
        return nil
    }

    /// What the server sent, by element name (for checks on the exchange).
    var serverSentNames: [String] {
        serverLog.compactMap { if case .send(let element) = $0 { element.name } else { nil } }
    }

    /// The stream error the server closed with, if any.
    var serverCloseError: StreamError? {
        for action in serverLog { if case .close(let error) = action { return error } }
        return nil
    }
}
