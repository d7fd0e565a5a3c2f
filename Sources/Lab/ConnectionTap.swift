import Foundation
import NIOCore
import NIOSSL
import Trace
import XMPPCore
import XMPPNIO

/// Records one server connection: its negotiation as events (kinds by
/// protocol: TLS, SASL, dialback, bidi, binding, stream management) and its
/// `connections` row, updated as it learns TLS, the authentication method,
/// the peer, and at the end the counts and why it closed.
///
/// Confined to the connection's event loop. Secrets never reach the trace:
/// SASL payloads and dialback keys are not read at all.
final class ConnectionTap: StreamObserver {
    let recorder: ConnectionRecorder
    var connection: TraceConnection
    /// The SASL mechanism of the `<auth/>` in progress.
    var mechanism: String?
    /// The last stream-management request was `<resume/>` (so a `<failed/>` refuses a resumption).
    var resuming = false
    var peerClosedStream = false
    var closedStream = false
    /// The stream error that ended the stream, or the unreadable input.
    var closeReason: String?
    /// What broke the connection below XMPP, if anything.
    var transportFailure: String?

    init(recorder: ConnectionRecorder, connection: TraceConnection) {
        self.recorder = recorder
        self.connection = connection
        recorder.trace.recordConnection(connection)
        let arrow = connection.kind == .s2sOut
            ? "\(connection.localEndpoint ?? "?") -> \(connection.remoteEndpoint ?? "?")"
            : "\(connection.remoteEndpoint ?? "?") -> \(connection.localEndpoint ?? "?")"
        record(.connectionOpened, nil, "\(connection.kind.rawValue) \(arrow)")
    }

    var recordsHops: Bool { recorder.detail == .hops }

    func record(_ kind: TraceEventKind, _ direction: TraceDirection?, _ detail: String, bytes: Int? = nil) {
        recorder.trace.record(TraceEvent(
            time: recorder.now, node: connection.node, connection: connection.id, direction: direction,
            kind: kind, bytes: bytes, detail: detail
        ))
    }

    /// Stores the row again after something about the connection changed.
    func update(_ change: (inout TraceConnection) -> Void) {
        let before = connection
        change(&connection)
        if connection != before { recorder.trace.recordConnection(connection) }
    }

    // MARK: - StreamObserver

    func streamRead(bytes: Int) {
        connection.bytesIn += bytes
    }

    func streamReceived(_ event: XMLStreamEvent) {
        switch event {
        case .streamOpened(let header):
            if connection.kind == .s2sIn, let from = header.from { update { $0.peer = from } }
            record(.streamOpened, .incoming, Self.describe(header))
        case .element(let element):
            observe(element, direction: .incoming, bytes: nil)
        case .streamClosed:
            peerClosedStream = true
            record(.streamClosed, .incoming, "</stream:stream>")
        case .failed(let error):
            // The machine answers with this error; the answer is recorded as sent.
            closeReason = closeReason ?? "unreadable input: \(error.condition.rawValue)"
        }
    }

    func streamSent(header: StreamHeader, bytes: Int) {
        connection.bytesOut += bytes
        if connection.kind == .s2sOut, let to = header.to { update { $0.peer = to } }
        record(.streamOpened, .outgoing, Self.describe(header), bytes: bytes)
    }

    func streamSent(element: XMLElement, bytes: Int) {
        connection.bytesOut += bytes
        observe(element, direction: .outgoing, bytes: bytes)
    }

    func streamSentClose() {
        closedStream = true
        record(.streamClosed, .outgoing, "</stream:stream>")
    }

    func streamTLSEstablished() {
        update { $0.tls = true }
        record(.tls, nil, "TLS established")
    }

    func streamTransportFailed(_ error: any Error) {
        guard transportFailure == nil else { return }
        switch error {
        case NIOSSLError.uncleanShutdown:
            transportFailure = "connection lost (no TLS close_notify)"
        case let error as IOError:
            transportFailure = "connection lost (\(String(cString: strerror(error.errnoCode))))"
        case is NIOSSLError, is NIOSSLExtraError:
            record(.tls, nil, "TLS failed: \(error)")
            transportFailure = "TLS failed: \(error)"
        default:
            transportFailure = "\(error)"
        }
    }

    /// Why it closed, the most telling first: a stream error, a clean
    /// `</stream:stream>`, a transport failure, or nothing at all.
    func streamEnded() {
        let reason = closeReason
            ?? (peerClosedStream && closedStream ? "closed"
                : peerClosedStream ? "closed by peer" : closedStream ? "closed by \(connection.node)"
                : transportFailure ?? "connection lost")
        let time = recorder.now
        connection.closedAt = time
        connection.closeReason = reason
        recorder.trace.recordConnection(connection)
        record(.connectionClosed, nil, reason)
    }

    static func describe(_ header: StreamHeader) -> String {
        var parts: [String] = []
        if let from = header.from { parts.append("from='\(from)'") }
        if let to = header.to { parts.append("to='\(to)'") }
        if let version = header.version { parts.append("version='\(version)'") }
        if let id = header.id { parts.append("id='\(id)'") }
        return parts.joined(separator: " ")
    }
}
