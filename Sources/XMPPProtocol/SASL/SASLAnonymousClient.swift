/// ANONYMOUS (RFC 4505) on the client: the message is an optional trace
/// token (an email address or opaque string, at most 255 characters).
public struct SASLAnonymousClient: SASLClientMechanism {
    public var name: String { "ANONYMOUS" }
    private let trace: [UInt8]
    private var sent = false

    /// `trace` is cut to its first 255 characters (RFC 4505 §3).
    public init(trace: String? = nil) {
        self.trace = Array(String((trace ?? "").prefix(255)).utf8)
    }

    public mutating func initialResponse() -> [UInt8]? {
        sent = true
        return trace
    }

    public mutating func respond(toChallenge challenge: [UInt8]) throws(SASLClientError) -> [UInt8] {
        guard !sent, challenge.isEmpty else {
            throw SASLClientError(.unexpectedChallenge, "ANONYMOUS has no challenges after the trace")
        }
        sent = true
        return trace
    }

    public mutating func verifySuccess(additionalData: [UInt8]?) throws(SASLClientError) {
        guard sent else { throw SASLClientError(.unexpectedSuccess, "success before the message was sent") }
        guard additionalData?.isEmpty ?? true else {
            throw SASLClientError(.unexpectedAdditionalData, "ANONYMOUS defines no additional data")
        }
    }
}
