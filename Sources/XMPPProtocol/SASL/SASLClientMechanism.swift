/// The client side of one SASL exchange: a sans-IO state machine that
/// produces the initial response, answers challenges, and checks the
/// outcome.
///
/// The driver sends `<auth mechanism=name>` with ``initialResponse()``
/// (`nil`: none, the mechanism then waits for a challenge), passes every
/// `<challenge/>` to ``respond(toChallenge:)`` and sends the result as
/// `<response/>`, and on `<success/>` calls ``verifySuccess(additionalData:)``:
/// only if that does not throw is the server authenticated (SCRAM's mutual
/// authentication). A thrown ``SASLClientError`` means the driver should
/// `<abort/>` (during the exchange) or close the stream (after success).
public protocol SASLClientMechanism: Sendable {
    var name: String { get }
    mutating func initialResponse() -> [UInt8]?
    mutating func respond(toChallenge challenge: [UInt8]) throws(SASLClientError) -> [UInt8]
    mutating func verifySuccess(additionalData: [UInt8]?) throws(SASLClientError)
}
