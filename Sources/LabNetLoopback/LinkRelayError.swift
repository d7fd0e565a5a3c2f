/// Why a link relay refused a request.
public struct LinkRelayError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The relay was closed: it opens no more entrances.
        case closed
    }

    public var kind: Kind
    /// The relay's name.
    public var link: String

    public init(_ kind: Kind, link: String) {
        self.kind = kind
        self.link = link
    }

    public var description: String {
        switch kind {
        case .closed: "link \(link) is closed"
        }
    }
}
