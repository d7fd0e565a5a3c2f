/// Why a fabric refused a request.
public struct NetworkFabricError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The address is not on loopback (127.0.0.0/8 or ::1): the lab never
        /// sends traffic anywhere else.
        case notLoopback = "not-loopback"
        /// The host is not an IP literal the fabric can use.
        case invalidAddress = "invalid-address"
    }

    public var kind: Kind
    public var address: NetworkAddress

    public init(_ kind: Kind, address: NetworkAddress) {
        self.kind = kind
        self.address = address
    }

    public var description: String {
        switch kind {
        case .notLoopback: "\(address) is not a loopback address (127.0.0.0/8 or ::1)"
        case .invalidAddress: "\(address) is not an IP address"
        }
    }
}
