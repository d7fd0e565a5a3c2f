import Crypto
import _CryptoExtras

/// The primitives of RFC 5802 §2.2, for each hash.
extension SCRAMHash {
    /// Output length of H and HMAC in bytes.
    var outputByteCount: Int {
        switch self {
        case .sha1: Insecure.SHA1.byteCount
        case .sha256: SHA256.byteCount
        }
    }

    /// H(data).
    func hash(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .sha1: Array(Insecure.SHA1.hash(data: data))
        case .sha256: Array(SHA256.hash(data: data))
        }
    }

    /// HMAC(key, data).
    func hmac(key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: key)
        switch self {
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: key))
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: data, using: key))
        }
    }

    /// Hi(password, salt, iterations): PBKDF2 with HMAC and this hash, one
    /// block of output (RFC 5802 §2.2). `iterations` must be positive (the
    /// mechanisms check what they receive) and the salt non-empty.
    func saltedPassword(_ password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        precondition(iterations > 0 && iterations <= Int(UInt32.max), "SCRAM iteration count out of range")
        let function: KDF.Insecure.PBKDF2.HashFunction
        switch self {
        case .sha1: function = .insecureSHA1
        case .sha256: function = .sha256
        }
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: password, salt: salt, using: function,
                outputByteCount: outputByteCount, unsafeUncheckedRounds: iterations
            )
            return key.withUnsafeBytes { Array($0) }
        } catch {
            // Only an allocation failure inside BoringSSL gets here.
            preconditionFailure("PBKDF2 failed: \(error)")
        }
    }
}

/// Byte strings compared in time independent of where they differ.
func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}

/// a XOR b, for byte strings of the same length.
func xor(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
    precondition(a.count == b.count)
    return zip(a, b).map { $0 ^ $1 }
}
