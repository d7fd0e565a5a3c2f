import XMPPCore

/// Pieces of the SCRAM message grammar (RFC 5802 §7) shared by client and
/// server: attribute-value lists, saslname escaping and nonces.
enum SCRAMMessage {
    /// The message as text: valid UTF-8 without NUL, else `nil`.
    static func text(_ bytes: [UInt8]) -> String? {
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        return text
    }

    /// Splits `a=value,b=value` into attributes; `nil` if a part is not an
    /// ASCII letter followed by `=`.
    static func attributes(_ text: Substring) -> [(name: Character, value: Substring)]? {
        var result: [(name: Character, value: Substring)] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let name = part.first, name.isASCII, name.isLetter,
                part.dropFirst().first == "="
            else { return nil }
            result.append((name, part.dropFirst(2)))
        }
        return result
    }

    /// saslname escaping: `=` as `=3D`, `,` as `=2C`.
    static func escape(_ name: String) -> String {
        var result = ""
        for character in name {
            switch character {
            case "=": result += "=3D"
            case ",": result += "=2C"
            default: result.append(character)
            }
        }
        return result
    }

    /// Undoes saslname escaping; `nil` for an `=` not starting `=2C` or
    /// `=3D`, or for an empty name.
    static func unescape(_ value: Substring) -> String? {
        guard !value.isEmpty else { return nil }
        var result = ""
        var index = value.startIndex
        while index < value.endIndex {
            if value[index] == "=" {
                let code = value[value.index(after: index)...].prefix(2)
                switch code {
                case "2C": result.append(",")
                case "3D": result.append("=")
                default: return nil
                }
                index = value.index(index, offsetBy: 3)
            } else {
                result.append(value[index])
                index = value.index(after: index)
            }
        }
        return result
    }

    /// A nonce: one or more printable ASCII characters other than `,`.
    static func isValidNonce(_ nonce: Substring) -> Bool {
        !nonce.isEmpty && nonce.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: ",") }
    }

    /// A fresh nonce: 18 bytes from `random`, base64 (24 characters).
    static func randomNonce(using random: inout SeededGenerator) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(18)
        for _ in 0..<3 {
            let word = random.next()
            for shift in stride(from: 0, to: 48, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return SASLBase64.encode(bytes)
    }

    /// An iteration count: a positive decimal number no larger than
    /// `maximumIterations`.
    static func iterations(_ value: Substring) -> Int? {
        guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            value.first != "0", value.count <= 10, let count = Int(value), count <= maximumIterations
        else { return nil }
        return count
    }

    /// The largest iteration count a client accepts (a bound on the work a
    /// hostile server can make it do).
    static let maximumIterations = 10_000_000
}

/// The client's first message (RFC 5802 §7): GS2 header, then the bare part.
struct SCRAMClientFirst {
    /// The GS2 channel-binding flag.
    enum ChannelBinding: Equatable {
        /// `n`: the client does not support channel binding.
        case unsupported
        /// `y`: the client supports it but thinks the server does not.
        case notOfferedByServer
        /// `p=name`: the client requires channel binding `name`.
        case required(String)
    }

    var channelBinding: ChannelBinding
    /// The authorization identity (`a=`), unescaped.
    var authzid: String?
    /// The user name (`n=`), unescaped, not prepared.
    var username: String
    var nonce: String
    /// `gs2-cbind-flag "," [authzid] ","`, as sent.
    var gs2Header: String
    /// client-first-message-bare, as sent.
    var bare: String

    init?(_ bytes: [UInt8]) {
        guard let text = SCRAMMessage.text(bytes) else { return nil }
        let parts = text.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        switch parts[0] {
        case "n": channelBinding = .unsupported
        case "y": channelBinding = .notOfferedByServer
        case let flag where flag.hasPrefix("p=") && flag.count > 2:
            channelBinding = .required(String(flag.dropFirst(2)))
        default: return nil
        }
        if parts[1].isEmpty {
            authzid = nil
        } else {
            guard parts[1].hasPrefix("a="), let name = SCRAMMessage.unescape(parts[1].dropFirst(2)) else { return nil }
            authzid = name
        }
        gs2Header = "\(parts[0]),\(parts[1]),"
        bare = String(parts[2])
        guard let attributes = SCRAMMessage.attributes(parts[2]), attributes.count >= 2,
            attributes[0].name == "n", let username = SCRAMMessage.unescape(attributes[0].value),
            attributes[1].name == "r", SCRAMMessage.isValidNonce(attributes[1].value)
        else { return nil }  // also refuses a leading reserved `m=`
        self.username = username
        nonce = String(attributes[1].value)
    }

    /// Builds the message the client sends.
    init(username: String, authzid: String?, nonce: String) {
        channelBinding = .unsupported
        self.authzid = authzid
        self.username = username
        self.nonce = nonce
        gs2Header = "n," + (authzid.map { "a=" + SCRAMMessage.escape($0) } ?? "") + ","
        bare = "n=\(SCRAMMessage.escape(username)),r=\(nonce)"
    }

    var bytes: [UInt8] { Array((gs2Header + bare).utf8) }
}

/// The server's first message: combined nonce, salt, iteration count.
struct SCRAMServerFirst {
    var nonce: String
    var salt: [UInt8]
    var iterations: Int
    /// The message as sent.
    var text: String

    init(nonce: String, salt: [UInt8], iterations: Int) {
        self.nonce = nonce
        self.salt = salt
        self.iterations = iterations
        text = "r=\(nonce),s=\(SASLBase64.encode(salt)),i=\(iterations)"
    }

    /// Parses the server's message; the error names what is wrong.
    init(parsing bytes: [UInt8]) throws(SASLClientError) {
        guard let text = SCRAMMessage.text(bytes), let attributes = SCRAMMessage.attributes(text[...]) else {
            throw SASLClientError(.malformedChallenge, "server-first-message is not attribute=value pairs")
        }
        guard attributes.count >= 3, attributes[0].name == "r", attributes[1].name == "s", attributes[2].name == "i"
        else {
            throw SASLClientError(.malformedChallenge, "server-first-message is not r=,s=,i=")
        }
        guard SCRAMMessage.isValidNonce(attributes[0].value) else {
            throw SASLClientError(.malformedChallenge, "invalid nonce")
        }
        guard let salt = SASLBase64.decode(String(attributes[1].value)), !salt.isEmpty else {
            throw SASLClientError(.malformedChallenge, "salt is not base64")
        }
        guard let iterations = SCRAMMessage.iterations(attributes[2].value) else {
            throw SASLClientError(.malformedChallenge, "iteration count out of range")
        }
        self.nonce = String(attributes[0].value)
        self.salt = salt
        self.iterations = iterations
        self.text = text
    }
}

/// The client's final message: channel binding, nonce, proof.
struct SCRAMClientFinal {
    /// The decoded `c=`: the GS2 header (no channel-binding data).
    var channelBinding: [UInt8]
    var nonce: String
    var proof: [UInt8]
    /// client-final-message-without-proof, as sent.
    var withoutProof: String

    init?(_ bytes: [UInt8]) {
        guard let text = SCRAMMessage.text(bytes), let attributes = SCRAMMessage.attributes(text[...]),
            attributes.count >= 3, attributes[0].name == "c", attributes[1].name == "r",
            let last = attributes.last, last.name == "p",
            let channelBinding = SASLBase64.decode(String(attributes[0].value)),
            let proof = SASLBase64.decode(String(last.value))
        else { return nil }
        self.channelBinding = channelBinding
        nonce = String(attributes[1].value)
        self.proof = proof
        // Everything before ",p=".
        withoutProof = String(text[..<text.index(last.value.startIndex, offsetBy: -3)])
    }

    init(gs2Header: String, nonce: String) {
        channelBinding = Array(gs2Header.utf8)
        self.nonce = nonce
        proof = []
        withoutProof = "c=\(SASLBase64.encode(channelBinding)),r=\(nonce)"
    }

    var bytes: [UInt8] { Array("\(withoutProof),p=\(SASLBase64.encode(proof))".utf8) }
}

/// The server's final message (RFC 5802 §7): `v=` signature or `e=` error.
enum SCRAMServerFinal: Equatable {
    case verifier([UInt8])
    case error(String)

    init(parsing bytes: [UInt8]) throws(SASLClientError) {
        guard let text = SCRAMMessage.text(bytes), let attributes = SCRAMMessage.attributes(text[...]),
            let first = attributes.first
        else {
            throw SASLClientError(.malformedChallenge, "server-final-message is not attribute=value pairs")
        }
        switch first.name {
        case "v":
            guard let signature = SASLBase64.decode(String(first.value)), !signature.isEmpty else {
                throw SASLClientError(.malformedChallenge, "server signature is not base64")
            }
            self = .verifier(signature)
        case "e":
            self = .error(String(first.value))
        default:
            throw SASLClientError(.malformedChallenge, "server-final-message is neither v= nor e=")
        }
    }

    var bytes: [UInt8] {
        switch self {
        case .verifier(let signature): Array("v=\(SASLBase64.encode(signature))".utf8)
        case .error(let error): Array("e=\(error)".utf8)
        }
    }
}
