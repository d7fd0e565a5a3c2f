/// A host and TCP port as the lab names them: an IP literal and a port.
public struct NetworkAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1` with port 0: "any free loopback port".
    public static let anyLoopbackPort = NetworkAddress(host: "127.0.0.1", port: 0)

    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
