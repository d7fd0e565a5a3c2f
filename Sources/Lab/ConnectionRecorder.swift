import NIOCore
import Synchronization
import Trace
import XMPPNIO

/// How much of the servers' connections a recording keeps.
public enum RecordingDetail: String, Sendable, CaseIterable {
    /// Every connection (a `connections` row with what it carried) and its
    /// negotiation: TCP, stream headers and features, TLS, SASL (never a
    /// payload), dialback (never a key), bidi, binding, stream management
    /// enabled or resumed, stream errors and closes. Stanzas are recorded
    /// where the lab's clients send and receive them.
    case connections
    /// All of that, and every stanza at every server hop (c2s and s2s, in
    /// and out, with its XML) and every XEP-0198 `<r/>` and `<a/>`: about
    /// three times the events of a federated message.
    case hops
}

/// Watches the servers' connections for a recording: gives each one a run-
/// wide id and a `ConnectionTap`.
final class ConnectionRecorder: StreamObserving {
    let trace: any TraceSink
    let observations: Observations
    let detail: RecordingDetail
    private let lastID = Atomic<UInt64>(0)
    /// The account behind each XEP-0198 resumption id a server handed out
    /// (by server and id), so a connection that resumes the session, whose
    /// `<resume/>` names no JID, is recorded with its peer all the same.
    private let resumptionPeers = Mutex<[String: String]>([:])

    init(trace: any TraceSink, observations: Observations, detail: RecordingDetail) {
        self.trace = trace
        self.observations = observations
        self.detail = detail
    }

    func observer(for role: StreamRole, node: String, channel: any Channel) -> (any StreamObserver)? {
        let kind: TraceConnectionKind
        switch role {
        case .c2sServer: kind = .c2s
        case .s2sIncoming: kind = .s2sIn
        case .s2sOutgoing: kind = .s2sOut
        case .c2sClient: return nil
        }
        let id = lastID.wrappingAdd(1, ordering: .relaxed).newValue
        return ConnectionTap(
            recorder: self, connection: TraceConnection(
                id: id, kind: kind, node: node, localEndpoint: channel.localAddress.map(Self.endpoint),
                remoteEndpoint: channel.remoteAddress.map(Self.endpoint), openedAt: observations.clock.nanoseconds
            )
        )
    }

    var now: UInt64 { observations.clock.nanoseconds }

    /// Notes that `node` gave the session of `peer` the resumption id `id`.
    func remember(resumption id: String, of peer: String, at node: String) {
        resumptionPeers.withLock { $0[node + " " + id] = peer }
    }

    /// The peer whose session `node` resumed by `id`, if one was noted.
    func peer(resuming id: String, at node: String) -> String? {
        resumptionPeers.withLock { $0[node + " " + id] }
    }

    private static func endpoint(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
