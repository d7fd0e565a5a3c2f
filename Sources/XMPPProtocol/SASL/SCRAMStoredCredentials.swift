/// What a server stores for SCRAM instead of the password (RFC 5802 §3):
/// the salt and iteration count it announces, StoredKey = H(ClientKey) to
/// check the client's proof, and ServerKey to sign its final message.
public struct SCRAMStoredCredentials: Sendable, Hashable {
    public var salt: [UInt8]
    public var iterations: Int
    public var storedKey: [UInt8]
    public var serverKey: [UInt8]

    /// The iteration count RFC 5802 §5.1 and RFC 7677 §4 recommend at least.
    public static let defaultIterations = 4096

    public init(salt: [UInt8], iterations: Int, storedKey: [UInt8], serverKey: [UInt8]) {
        self.salt = salt
        self.iterations = iterations
        self.storedKey = storedKey
        self.serverKey = serverKey
    }

    /// Derives the stored credentials from a password:
    /// SaltedPassword = Hi(Normalize(password), salt, i),
    /// StoredKey = H(HMAC(SaltedPassword, "Client Key")),
    /// ServerKey = HMAC(SaltedPassword, "Server Key").
    /// `iterations` must be positive. Normalize is ``SASLprep``; a password
    /// SASLprep rejects is used as it is.
    public static func derive(
        password: String, salt: [UInt8], iterations: Int, hash: SCRAMHash
    ) -> SCRAMStoredCredentials {
        let keys = SCRAMKeys(password: password, salt: salt, iterations: iterations, hash: hash)
        return SCRAMStoredCredentials(
            salt: salt, iterations: iterations, storedKey: keys.storedKey, serverKey: keys.serverKey
        )
    }
}

/// The keys RFC 5802 §3 derives from a salted password.
struct SCRAMKeys {
    var clientKey: [UInt8]
    var storedKey: [UInt8]
    var serverKey: [UInt8]

    init(password: String, salt: [UInt8], iterations: Int, hash: SCRAMHash) {
        let normalized = SASLprep.prepare(password) ?? password
        let salted = hash.saltedPassword(Array(normalized.utf8), salt: salt, iterations: iterations)
        clientKey = hash.hmac(key: salted, Array("Client Key".utf8))
        storedKey = hash.hash(clientKey)
        serverKey = hash.hmac(key: salted, Array("Server Key".utf8))
    }
}
