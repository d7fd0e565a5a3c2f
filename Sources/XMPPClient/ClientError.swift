import XMPPCore
import XMPPProtocol

/// Why a client call failed.
public enum ClientError: Error, Sendable, Equatable {
    /// Negotiation or the session failed (stream error, SASL failure, TLS, bind).
    case stream(C2SClientFailure)
    /// The connection closed before the call finished.
    case disconnected
    /// Nothing matching arrived in time.
    case timeout
    /// The client is not connected.
    case notConnected
    /// An IQ was answered with an error.
    case iqError(StanzaError)
}
