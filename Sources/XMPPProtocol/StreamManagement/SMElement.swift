import XMPPCore

/// The XEP-0198 (`urn:xmpp:sm:3`) elements, as values: what either side of
/// a stream sends to enable, acknowledge and resume stream management.
public enum SMElement: Hashable, Sendable {
    /// The stream feature the receiving entity offers (§2).
    case feature
    /// The initiating entity asks for stream management (§3), resumable or
    /// not, optionally stating the longest resumption time it would like.
    case enable(resume: Bool, max: Int?)
    /// Stream management is on; `id` names the stream for resumption (§3).
    case enabled(id: String?, resume: Bool, max: Int?, location: String?)
    /// An ack request (§4).
    case request
    /// An ack: the number of stanzas handled from the other side, mod 2^32 (§4).
    case ack(h: UInt32)
    /// The initiating entity resumes the stream `previd`, having handled `h` stanzas (§5).
    case resume(previd: String, h: UInt32)
    /// The stream `previd` is resumed; the receiving entity handled `h` stanzas (§5).
    case resumed(previd: String, h: UInt32)
    /// Enabling or resuming failed (§3, §5), with a stanza error condition and,
    /// when the session is known, the stanzas handled so far.
    case failed(condition: StanzaErrorCondition?, h: UInt32?)

    /// Parses a first-level element in the XEP-0198 namespace; `nil` for any
    /// other element. A known element with a missing or malformed attribute
    /// throws, so the caller can close the stream with `bad-format`.
    public init?(parsing element: XMLElement) throws(SMElementError) {
        guard element.namespace == XMLNamespace.streamManagement else { return nil }
        switch element.name {
        case "sm":
            self = .feature
        case "enable":
            self = .enable(resume: Self.flag(element, "resume"), max: try Self.optionalInt(element, "max"))
        case "enabled":
            self = .enabled(
                id: element[attribute: "id"], resume: Self.flag(element, "resume"),
                max: try Self.optionalInt(element, "max"), location: element[attribute: "location"])
        case "r":
            self = .request
        case "a":
            self = .ack(h: try Self.counter(element, "h"))
        case "resume":
            self = .resume(previd: try Self.required(element, "previd"), h: try Self.counter(element, "h"))
        case "resumed":
            self = .resumed(previd: try Self.required(element, "previd"), h: try Self.counter(element, "h"))
        case "failed":
            let condition = element.elements.first { $0.namespace == XMLNamespace.stanzaErrors }
                .flatMap { StanzaErrorCondition(rawValue: $0.name) }
            let h: UInt32? = element[attribute: "h"] == nil ? nil : try Self.counter(element, "h")
            self = .failed(condition: condition, h: h)
        default:
            throw SMElementError(element: element.name, problem: "is not a XEP-0198 element")
        }
    }

    /// The element on the wire.
    public var element: XMLElement {
        switch self {
        case .feature:
            return Self.make("sm")
        case .enable(let resume, let max):
            return Self.make("enable", ["resume": resume ? "true" : nil, "max": max.map(String.init)])
        case .enabled(let id, let resume, let max, let location):
            return Self.make("enabled", [
                "id": id, "resume": resume ? "true" : nil, "max": max.map(String.init), "location": location,
            ])
        case .request:
            return Self.make("r")
        case .ack(let h):
            return Self.make("a", ["h": String(h)])
        case .resume(let previd, let h):
            return Self.make("resume", ["previd": previd, "h": String(h)])
        case .resumed(let previd, let h):
            return Self.make("resumed", ["previd": previd, "h": String(h)])
        case .failed(let condition, let h):
            var failed = Self.make("failed", ["h": h.map(String.init)])
            if let condition { failed.append(XMLElement(name: condition.rawValue, namespace: XMLNamespace.stanzaErrors)) }
            return failed
        }
    }

    private static let attributeOrder = ["id", "previd", "h", "resume", "max", "location"]

    private static func make(_ name: String, _ attributes: [String: String?] = [:]) -> XMLElement {
        let present = attributeOrder.compactMap { key in attributes[key].flatMap { $0 }.map { XMLAttribute(name: key, value: $0) } }
        return XMLElement(name: name, namespace: XMLNamespace.streamManagement, attributes: present)
    }

    private static func flag(_ element: XMLElement, _ name: String) -> Bool {
        let value = element[attribute: name]
        return value == "true" || value == "1"
    }

    private static func required(_ element: XMLElement, _ name: String) throws(SMElementError) -> String {
        guard let value = element[attribute: name], !value.isEmpty else {
            throw SMElementError(element: element.name, problem: "has no '\(name)'")
        }
        return value
    }

    private static func counter(_ element: XMLElement, _ name: String) throws(SMElementError) -> UInt32 {
        guard let value = UInt32(try required(element, name)) else {
            throw SMElementError(element: element.name, problem: "has a '\(name)' that is not an integer in 0…4294967295")
        }
        return value
    }

    private static func optionalInt(_ element: XMLElement, _ name: String) throws(SMElementError) -> Int? {
        guard let text = element[attribute: name] else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw SMElementError(element: element.name, problem: "has a '\(name)' that is not a non-negative integer")
        }
        return value
    }
}

/// A XEP-0198 element the protocol cannot use.
public struct SMElementError: Error, Hashable, Sendable, CustomStringConvertible {
    public var element: String
    public var problem: String

    public var description: String { "<\(element) xmlns='\(XMLNamespace.streamManagement)'/> \(problem)" }
}
