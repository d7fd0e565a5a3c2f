import XMPPProtocol

/// The s2s streams a server holds at one moment. A bidirectional stream
/// (XEP-0288) is one TCP connection and is listed once: in `outgoing` on the
/// server that opened it, in `incoming` on the other, with `bidi` set.
public struct FederationStatus: Sendable, Equatable {
    /// One stream and what it carries.
    public struct Stream: Sendable, Equatable {
        /// The other domain.
        public var remote: String
        /// How it authenticated; nil while it is still negotiating.
        public var method: S2SAuthenticationMethod?
        public var encrypted: Bool
        /// It carries stanzas both ways (XEP-0288).
        public var bidi: Bool
        /// XEP-0198 acks are on for it.
        public var streamManagement: Bool
        /// Further domain pairs it carries besides its own (XEP-0220 §2.6
        /// multiplexing, authorized by dialback), sorted.
        public var multiplexed: [DomainPair]

        public init(
            remote: String, method: S2SAuthenticationMethod?, encrypted: Bool, bidi: Bool = false, streamManagement: Bool = false,
            multiplexed: [DomainPair] = []
        ) {
            self.remote = remote
            self.method = method
            self.encrypted = encrypted
            self.bidi = bidi
            self.streamManagement = streamManagement
            self.multiplexed = multiplexed
        }
    }

    /// Streams this server opened (one per domain pair it was opened for).
    public var outgoing: [Stream]
    /// Streams other servers opened to this one, one per connection, by the
    /// remote domain authorized first (a stream still negotiating appears
    /// with an empty `remote`).
    public var incoming: [Stream]

    /// Established streams in either direction (a bidirectional one counts once).
    public var establishedCount: Int {
        outgoing.count { $0.method != nil } + incoming.count { $0.method != nil }
    }
}

extension S2SManager {
    var status: FederationStatus {
        let outgoing = links.values.map { link in
            FederationStatus.Stream(
                remote: link.remote, method: link.isEstablished ? link.method : nil,
                encrypted: link.handler?.isEncrypted ?? false, bidi: link.handler?.isBidirectional ?? false,
                streamManagement: link.streamManagement != nil,
                multiplexed: multiplexed.filter { $0.value === link }.map(\.key).sorted()
            )
        }
        var incomingStreams: [FederationStatus.Stream] = []
        for session in incoming.values {
            let (encrypted, bidi) = (session.handler.isEncrypted, session.handler.isBidirectional)
            if session.authorized.isEmpty {
                incomingStreams.append(FederationStatus.Stream(remote: "", method: nil, encrypted: encrypted))
            }
            if let first = session.firstPair {
                incomingStreams.append(FederationStatus.Stream(
                    remote: first.from, method: session.authorized[first], encrypted: encrypted, bidi: bidi,
                    streamManagement: session.streamManagement != nil,
                    multiplexed: session.authorized.keys.filter { $0 != first }.sorted()))
            }
        }
        return FederationStatus(
            outgoing: outgoing.sorted { $0.remote < $1.remote },
            incoming: incomingStreams.sorted { $0.remote < $1.remote }
        )
    }
}
