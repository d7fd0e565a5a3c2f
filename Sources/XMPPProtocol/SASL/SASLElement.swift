import XMPPCore

/// The first-level elements of SASL negotiation (RFC 6120 §6.4), in the
/// `urn:ietf:params:xml:ns:xmpp-sasl` namespace, with their base64 payloads
/// decoded.
///
/// RFC 6120 §6.4.2 distinguishes "no initial response" (an `<auth/>` without
/// character data) from an empty one (a single `=`); so does this type:
/// `initialResponse: nil` is the former, `[]` the latter. The same holds for
/// the additional data of `<success/>` (§6.3.10). Challenges and responses
/// always carry data, possibly empty: they are written without character
/// data when empty, and `=` is read as empty too.
public enum SASLElement: Sendable, Equatable {
    /// `<auth mechanism='…'>`: the initiating entity selects a mechanism.
    case auth(mechanism: String, initialResponse: [UInt8]?)
    /// `<challenge/>` from the receiving entity.
    case challenge([UInt8])
    /// `<response/>` from the initiating entity.
    case response([UInt8])
    /// `<success/>`, with the mechanism's additional data if any.
    case success(additionalData: [UInt8]?)
    /// `<failure/>` with its defined condition (§6.5).
    case failure(SASLFailure)
    /// `<abort/>`: the initiating entity gives up (answered by `aborted`).
    case abort

    /// Reads a SASL element. Throws `incorrect-encoding` for character data
    /// that is not canonical base64 (§6.4.2, §6.5.5) and `malformed-request`
    /// for anything else that is not a SASL element: another name or
    /// namespace, or an `<auth/>` without a `mechanism` (§6.5.8).
    public init(parsing element: XMLElement) throws(SASLFailure) {
        guard element.namespace == XMLNamespace.sasl else {
            throw SASLFailure(.malformedRequest, text: "not in the SASL namespace")
        }
        switch element.name {
        case "auth":
            guard let mechanism = element[attribute: "mechanism"], !mechanism.isEmpty else {
                throw SASLFailure(.malformedRequest, text: "auth without a mechanism")
            }
            let text = element.text
            self = .auth(mechanism: mechanism, initialResponse: text.isEmpty ? nil : try Self.decode(text))
        case "challenge":
            self = .challenge(try Self.decode(element.text))
        case "response":
            self = .response(try Self.decode(element.text))
        case "success":
            let text = element.text
            self = .success(additionalData: text.isEmpty ? nil : try Self.decode(text))
        case "failure":
            self = .failure(SASLFailure(element: element) ?? SASLFailure(.notAuthorized))
        case "abort":
            self = .abort
        default:
            throw SASLFailure(.malformedRequest, text: "unexpected element '\(element.name)'")
        }
    }

    /// The wire form of this element.
    public var element: XMLElement {
        switch self {
        case .auth(let mechanism, let initialResponse):
            var auth = XMLElement(
                name: "auth", namespace: XMLNamespace.sasl,
                text: initialResponse.map(Self.encodeMarkingEmpty) ?? ""
            )
            auth[attribute: "mechanism"] = mechanism
            return auth
        case .challenge(let data):
            return XMLElement(name: "challenge", namespace: XMLNamespace.sasl, text: SASLBase64.encode(data))
        case .response(let data):
            return XMLElement(name: "response", namespace: XMLNamespace.sasl, text: SASLBase64.encode(data))
        case .success(let additionalData):
            return XMLElement(
                name: "success", namespace: XMLNamespace.sasl,
                text: additionalData.map(Self.encodeMarkingEmpty) ?? ""
            )
        case .failure(let failure):
            return failure.element
        case .abort:
            return XMLElement(name: "abort", namespace: XMLNamespace.sasl)
        }
    }

    /// Base64 of `data`, or `=` for no bytes (§6.4.2).
    private static func encodeMarkingEmpty(_ data: [UInt8]) -> String {
        data.isEmpty ? "=" : SASLBase64.encode(data)
    }

    /// Decodes character data: `=` and the empty string are no bytes.
    private static func decode(_ text: String) throws(SASLFailure) -> [UInt8] {
        if text == "=" { return [] }
        guard let bytes = SASLBase64.decode(text) else {
            throw SASLFailure(.incorrectEncoding, text: "character data is not canonical base64")
        }
        return bytes
    }
}
