/// The server side of one SASL exchange (RFC 4422 §3, RFC 6120 §6.4): a
/// sans-IO state machine fed the initiating entity's messages, answering
/// each with a challenge, success or failure.
///
/// `start` takes the `<auth/>`'s initial response (`nil` when there was
/// none, `[]` for an explicitly empty one) and every later `<response/>`
/// goes to `respond`. Once a step is `.success` or `.failure` the exchange
/// is over; a later `respond` is answered with `malformed-request`. Any
/// number of challenges may come before the end, which is what a
/// multi-step mechanism such as GSSAPI (backed by a library keeping its own
/// context) needs; such a mechanism is added through
/// ``SASLServerMechanisms/init(enabled:additional:)``.
///
/// `<abort/>` is not the mechanism's business: whoever drives the exchange
/// answers it with `aborted` and drops the mechanism.
public protocol SASLServerMechanism: Sendable {
    /// The registered mechanism name (RFC 4422 §3.1), e.g. `SCRAM-SHA-1`.
    var name: String { get }
    mutating func start(initialResponse: [UInt8]?) -> SASLServerStep
    mutating func respond(_ response: [UInt8]) -> SASLServerStep
}
