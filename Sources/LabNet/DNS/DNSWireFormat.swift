import NIOCore

/// The DNS message format (RFC 1035 §4, RFC 2782 for SRV, RFC 3596 for
/// AAAA), just enough to answer real resolvers from the simulated DNS: one
/// question in, its records out.
public enum DNSWireFormat {
    public static let typeA: UInt16 = 1
    public static let typeAAAA: UInt16 = 28
    public static let typeSRV: UInt16 = 33
    static let classIN: UInt16 = 1

    /// A parsed query: its id, the question's name and type, and the RD flag.
    public struct Query: Hashable, Sendable {
        public var id: UInt16
        public var name: String
        public var type: UInt16
        public var recursionDesired: Bool

        public init(id: UInt16, name: String, type: UInt16, recursionDesired: Bool = true) {
            self.id = id
            self.name = name
            self.type = type
            self.recursionDesired = recursionDesired
        }

        /// The simulated DNS's question for this query, `nil` for types it does not serve.
        public var question: DNSQuestion? {
            switch type {
            case DNSWireFormat.typeSRV:
                let name = DNSName(self.name).normalized
                for service in DNSService.allCases {
                    let prefix = "_\(service.rawValue)._tcp."
                    if name.hasPrefix(prefix) { return .srv(service: service, domain: String(name.dropFirst(prefix.count))) }
                }
                return nil
            case DNSWireFormat.typeA, DNSWireFormat.typeAAAA:
                return .address(host: name)
            default:
                return nil
            }
        }
    }

    // MARK: - Queries

    /// Reads a standard query with one question; `nil` for anything else.
    public static func parseQuery(_ bytes: [UInt8]) -> Query? {
        var reader = DNSMessageReader(bytes: bytes)
        guard let id = reader.uint16(), let flags = reader.uint16(), let questions = reader.uint16(),
              reader.uint16() != nil, reader.uint16() != nil, reader.uint16() != nil,
              flags & 0x8000 == 0, (flags >> 11) & 0xF == 0, questions == 1,
              let name = reader.name(), let type = reader.uint16(), let qclass = reader.uint16(), qclass == classIN
        else { return nil }
        return Query(id: id, name: name, type: type, recursionDesired: flags & 0x0100 != 0)
    }

    /// A query message (for tests and tools).
    public static func encodeQuery(_ query: Query) -> [UInt8] {
        var writer = DNSMessageWriter()
        writer.uint16(query.id)
        writer.uint16(query.recursionDesired ? 0x0100 : 0)
        writer.uint16(1); writer.uint16(0); writer.uint16(0); writer.uint16(0)
        writer.name(query.name)
        writer.uint16(query.type)
        writer.uint16(classIN)
        return writer.bytes
    }

    // MARK: - Responses

    /// The response to `query` carrying `answer`; `nil` for `.timeout` (a
    /// resolver that times out sends nothing). Records of another type than
    /// asked (A in an AAAA answer) are left out.
    public static func encodeResponse(to query: Query, answer: DNSAnswer) -> [UInt8]? {
        let rcode: UInt16
        var records: [DNSResourceRecord] = []
        switch answer {
        case .timeout: return nil
        case .nxdomain: rcode = 3
        case .servfail: rcode = 2
        case .noRecords: rcode = 0
        case .records(let all):
            rcode = 0
            records = all.filter { record in
                switch record {
                case .srv: query.type == typeSRV
                case .a: query.type == typeA
                case .aaaa: query.type == typeAAAA
                }
            }
        }
        var writer = DNSMessageWriter()
        writer.uint16(query.id)
        // QR, AA, RD copied, RA, rcode.
        writer.uint16(0x8000 | 0x0400 | (query.recursionDesired ? 0x0100 : 0) | 0x0080 | rcode)
        writer.uint16(1)
        writer.uint16(UInt16(records.count))
        writer.uint16(0); writer.uint16(0)
        writer.name(query.name)
        writer.uint16(query.type)
        writer.uint16(classIN)
        for record in records {
            writer.uint16(0xC00C)  // the question's name (RFC 1035 §4.1.4 compression)
            var data = DNSMessageWriter()
            switch record {
            case .srv(let srv):
                writer.uint16(typeSRV)
                data.uint16(srv.priority); data.uint16(srv.weight); data.uint16(UInt16(clamping: srv.port))
                data.name(srv.target)
            case .a(let address):
                writer.uint16(typeA)
                data.bytes += ipv4Bytes(address) ?? [0, 0, 0, 0]
            case .aaaa(let address):
                writer.uint16(typeAAAA)
                data.bytes += ipv6Bytes(address) ?? [UInt8](repeating: 0, count: 16)
            }
            writer.uint16(classIN)
            writer.uint32(60)  // TTL: a lab answer may change any time
            writer.uint16(UInt16(data.bytes.count))
            writer.bytes += data.bytes
        }
        return writer.bytes
    }

    /// Reads a response: its id, rcode and records (for tests and tools).
    public static func parseResponse(_ bytes: [UInt8]) -> (id: UInt16, rcode: Int, records: [DNSResourceRecord])? {
        var reader = DNSMessageReader(bytes: bytes)
        guard let id = reader.uint16(), let flags = reader.uint16(), let questions = reader.uint16(),
              let answers = reader.uint16(), reader.uint16() != nil, reader.uint16() != nil, flags & 0x8000 != 0
        else { return nil }
        for _ in 0..<questions {
            guard reader.name() != nil, reader.uint16() != nil, reader.uint16() != nil else { return nil }
        }
        var records: [DNSResourceRecord] = []
        for _ in 0..<answers {
            guard reader.name() != nil, let type = reader.uint16(), reader.uint16() != nil, reader.uint32() != nil,
                  let length = reader.uint16() else { return nil }
            let end = reader.offset + Int(length)
            switch type {
            case typeSRV:
                guard let priority = reader.uint16(), let weight = reader.uint16(), let port = reader.uint16(),
                      let target = reader.name() else { return nil }
                records.append(.srv(SRVRecord(priority: priority, weight: weight, port: Int(port), target: target.isEmpty ? "." : target)))
            case typeA:
                guard let raw = reader.take(4) else { return nil }
                records.append(.a(raw.map(String.init).joined(separator: ".")))
            case typeAAAA:
                guard let raw = reader.take(16) else { return nil }
                let address = try? SocketAddress(packedIPAddress: ByteBuffer(bytes: raw), port: 0)
                records.append(.aaaa(address?.ipAddress ?? "::"))
            default:
                break
            }
            reader.offset = end
        }
        return (id, Int(flags & 0xF), records)
    }

    static func ipv4Bytes(_ address: String) -> [UInt8]? {
        let parts = address.split(separator: ".")
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { UInt8($0) }
        return bytes.count == 4 ? bytes : nil
    }

    static func ipv6Bytes(_ address: String) -> [UInt8]? {
        guard case .v6(let v6)? = try? SocketAddress(ipAddress: address, port: 0) else { return nil }
        return withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
    }
}

/// Big-endian reading with name decompression.
struct DNSMessageReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func uint16() -> UInt16? {
        guard offset + 2 <= bytes.count else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func uint32() -> UInt32? {
        guard let high = uint16(), let low = uint16() else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// A domain name; follows compression pointers (a bounded number of steps, so pointer loops end).
    mutating func name() -> String? {
        var labels: [String] = []
        var position = offset
        var jumped = false
        for _ in 0..<128 {
            guard position < bytes.count else { return nil }
            let length = Int(bytes[position])
            if length == 0 {
                if !jumped { offset = position + 1 }
                return labels.joined(separator: ".")
            }
            if length & 0xC0 == 0xC0 {
                guard position + 1 < bytes.count else { return nil }
                if !jumped { offset = position + 2 }
                jumped = true
                position = (length & 0x3F) << 8 | Int(bytes[position + 1])
                continue
            }
            guard length <= 63, position + 1 + length <= bytes.count else { return nil }
            labels.append(String(decoding: bytes[position + 1..<position + 1 + length], as: UTF8.self))
            position += 1 + length
        }
        return nil
    }
}

/// Big-endian writing.
struct DNSMessageWriter {
    var bytes: [UInt8] = []

    mutating func uint16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func uint32(_ value: UInt32) {
        uint16(UInt16(value >> 16))
        uint16(UInt16(value & 0xFFFF))
    }

    /// A name as labels; "." or "" is the root.
    mutating func name(_ name: String) {
        for label in name.split(separator: ".") where !label.isEmpty {
            let utf8 = Array(label.utf8.prefix(63))
            bytes.append(UInt8(utf8.count))
            bytes += utf8
        }
        bytes.append(0)
    }
}
