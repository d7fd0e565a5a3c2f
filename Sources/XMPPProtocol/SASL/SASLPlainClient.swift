/// PLAIN (RFC 4616) on the client: sends `[authzid] NUL authcid NUL passwd`
/// as the initial response (or in answer to the server's empty challenge).
/// Only use it over TLS. The user name and password are sent as given; the
/// server prepares them with SASLprep.
public struct SASLPlainClient: SASLClientMechanism {
    public var name: String { "PLAIN" }
    private let message: PlainMessage
    private var sent = false

    public init(username: String, password: String, authzid: String? = nil) {
        message = PlainMessage(authzid: authzid, authcid: username, password: password)
    }

    public mutating func initialResponse() -> [UInt8]? {
        sent = true
        return message.bytes
    }

    public mutating func respond(toChallenge challenge: [UInt8]) throws(SASLClientError) -> [UInt8] {
        guard !sent, challenge.isEmpty else {
            throw SASLClientError(.unexpectedChallenge, "PLAIN has no challenges after the message")
        }
        sent = true
        return message.bytes
    }

    public mutating func verifySuccess(additionalData: [UInt8]?) throws(SASLClientError) {
        guard sent else { throw SASLClientError(.unexpectedSuccess, "success before the credentials were sent") }
        guard additionalData?.isEmpty ?? true else {
            throw SASLClientError(.unexpectedAdditionalData, "PLAIN defines no additional data")
        }
    }
}
