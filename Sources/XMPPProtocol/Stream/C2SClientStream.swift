import XMPPCore

/// The client side of a c2s stream (RFC 6120 §4–§7), sans-IO, mirroring
/// `C2SServerStream`: header, features, STARTTLS, SASL, restart, bind.
public struct C2SClientStream: Sendable {
    enum Stage: Sendable {
        case awaitingHeader
        case awaitingFeatures
        case awaitingProceed
        case tlsHandshake
        case authenticating
        case awaitingBindResult
        case awaitingResumed
        case established(JID)
        case closed
    }

    public let configuration: C2SClientConfiguration
    var mechanism: any SASLClientMechanism
    var stage: Stage = .awaitingHeader
    public internal(set) var isEncrypted = false
    public internal(set) var isAuthenticated = false
    /// The server's stream id of the current stream.
    public internal(set) var streamID: String?
    /// The server offered XEP-0198 after authentication.
    public internal(set) var streamManagementOffered = false
    static let bindRequestID = "bind-1"

    public init(configuration: C2SClientConfiguration, mechanism: any SASLClientMechanism) {
        self.configuration = configuration
        self.mechanism = mechanism
    }

    public var boundJID: JID? {
        if case .established(let jid) = stage { return jid }
        return nil
    }

    /// Opens the stream.
    public mutating func start() -> [C2SClientAction] {
        [.sendHeader(header())]
    }

    func header() -> StreamHeader {
        // RFC 6120 §4.7.1: 'from' only once the stream is protected.
        let from = isEncrypted && configuration.account.localpart != nil ? configuration.account.bare.description : nil
        return StreamHeader(
            to: configuration.account.domainpart, from: from, version: "1.0",
            lang: configuration.language, contentNamespace: XMLNamespace.client
        )
    }

    public mutating func streamOpened(_ header: StreamHeader) -> [C2SClientAction] {
        guard case .awaitingHeader = stage else { return fail(.protocolViolation("Second stream header")) }
        guard header.contentNamespace == XMLNamespace.client else {
            return fail(.protocolViolation("Content namespace \(header.contentNamespace ?? "none")"), error: StreamError(.invalidNamespace))
        }
        streamID = header.id
        stage = .awaitingFeatures
        return []
    }

    public mutating func received(_ element: XMLElement) -> [C2SClientAction] {
        if element.namespace == XMLNamespace.streams && element.name == "error" {
            let error = StreamError(element: element) ?? StreamError(.undefinedCondition)
            stage = .closed
            return [.failed(.streamError(error)), .close(nil)]
        }
        switch stage {
        case .established:
            if element.namespace == XMLNamespace.streamManagement {
                do {
                    return try SMElement(parsing: element).map { [.streamManagement($0)] } ?? []
                } catch {
                    return fail(.protocolViolation(error.description), error: StreamError(.badFormat))
                }
            }
            return [.received(element)]
        case .awaitingResumed where element.namespace == XMLNamespace.streamManagement:
            return resumeAnswered(element)
        case .awaitingFeatures where element.namespace == XMLNamespace.streams && element.name == "features":
            return negotiate(features: element)
        case .awaitingProceed where element.namespace == XMLNamespace.tls:
            guard element.name == "proceed" else { return fail(.tlsRefused) }
            stage = .tlsHandshake
            return [.startTLS]
        case .authenticating where element.namespace == XMLNamespace.sasl:
            return authenticate(element)
        case .awaitingBindResult where element.name == "iq" && element[attribute: "id"] == Self.bindRequestID:
            return bound(element)
        case .closed:
            return []
        default:
            return fail(.protocolViolation("Unexpected <\(element.name) xmlns='\(element.namespace ?? "")'/>"),
                        error: StreamError(.unsupportedStanzaType))
        }
    }

    public mutating func tlsEstablished() -> [C2SClientAction] {
        guard case .tlsHandshake = stage else { return [] }
        isEncrypted = true
        stage = .awaitingHeader
        return [.restartStream, .sendHeader(header())]
    }

    /// The server closed its stream.
    public mutating func streamClosed() -> [C2SClientAction] {
        if case .closed = stage { return [] }
        if case .established = stage {
            stage = .closed
            return [.close(nil)]
        }
        return fail(.streamClosed)
    }

    public mutating func parseFailed(_ error: StreamError) -> [C2SClientAction] {
        fail(.protocolViolation("Server sent bad XML: \(error)"), error: error)
    }

    /// We end the session.
    public mutating func close() -> [C2SClientAction] {
        if case .closed = stage { return [] }
        stage = .closed
        return [.close(nil)]
    }

    public mutating func connectionClosed() {
        stage = .closed
    }

    mutating func fail(_ failure: C2SClientFailure, error: StreamError? = nil) -> [C2SClientAction] {
        if case .closed = stage { return [] }
        stage = .closed
        return [.failed(failure), .close(error)]
    }
}
