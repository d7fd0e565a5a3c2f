/// Why a client mechanism gave up on the server's messages. (The server's
/// own refusals arrive as `<failure/>`, i.e. ``SASLFailure``.)
public struct SASLClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A challenge that does not follow the mechanism's grammar.
        case malformedChallenge = "malformed-challenge"
        /// A challenge where the mechanism expects none.
        case unexpectedChallenge = "unexpected-challenge"
        /// SCRAM: the server's nonce does not extend the client's.
        case nonceMismatch = "nonce-mismatch"
        /// SCRAM: the server signature is wrong (the server does not know
        /// the password, RFC 5802 §5.2).
        case badServerSignature = "bad-server-signature"
        /// SCRAM: success without the server signature.
        case missingServerSignature = "missing-server-signature"
        /// SCRAM: the server's final message carries `e=` (RFC 5802 §7).
        case serverError = "server-error"
        /// `<success/>` before the mechanism finished its part.
        case unexpectedSuccess = "unexpected-success"
        /// `<success/>` with additional data the mechanism does not define.
        case unexpectedAdditionalData = "unexpected-additional-data"
    }

    public var kind: Kind
    /// Human-readable detail for traces and logs.
    public var diagnostics: String

    public init(_ kind: Kind, _ diagnostics: String = "") {
        self.kind = kind
        self.diagnostics = diagnostics
    }

    public var description: String {
        let prefix = "SASL client error \(kind.rawValue)"
        return diagnostics.isEmpty ? prefix : "\(prefix): \(diagnostics)"
    }
}
