/// One host to try: a host name, the addresses it resolved to, and the port.
/// The caller tries the addresses in order, then the next attempt.
public struct DNSConnectionAttempt: Hashable, Sendable, CustomStringConvertible {
    /// The SRV target, or the domain itself in the fallback process.
    public var host: String
    /// The A and AAAA address literals of `host`, in answer order (never
    /// empty: hosts without addresses are not attempts).
    public var addresses: [String]
    public var port: Int

    public init(host: String, addresses: [String], port: Int) {
        self.host = host
        self.addresses = addresses
        self.port = port
    }

    /// The addresses with the port, as the fabric takes them.
    public var networkAddresses: [NetworkAddress] {
        addresses.map { NetworkAddress(host: $0, port: port) }
    }

    public var description: String { "\(host) \(addresses) port \(port)" }
}
