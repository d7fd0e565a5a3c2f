/// What the server knows about its accounts, looked up synchronously (the
/// lab keeps accounts in memory; a slow store would answer
/// `temporarilyUnavailable` rather than block).
public protocol SASLCredentialStore: Sendable {
    /// The account named `username`, already prepared with SASLprep.
    func lookup(username: String) -> SASLCredentialLookup
    /// The same, for a SCRAM exchange with `hash`: a store that derives
    /// SCRAM credentials on demand does so here (and only here), so PLAIN
    /// logins never pay for PBKDF2.
    func lookup(username: String, forSCRAM hash: SCRAMHash) -> SASLCredentialLookup
}

extension SASLCredentialStore {
    public func lookup(username: String, forSCRAM hash: SCRAMHash) -> SASLCredentialLookup {
        lookup(username: username)
    }
}

/// The answer of a ``SASLCredentialStore``, each mapped to its RFC 6120 §6.5
/// condition by the mechanisms: `unknownUser` to `not-authorized` (never
/// revealed as such), `disabled` to `account-disabled`, `credentialsExpired`
/// to `credentials-expired`, `temporarilyUnavailable` to
/// `temporary-auth-failure`.
public enum SASLCredentialLookup: Sendable {
    case found(SASLCredentials)
    case unknownUser
    case disabled
    case credentialsExpired
    case temporarilyUnavailable
}

/// The secrets of one account.
public struct SASLCredentials: Sendable {
    /// The clear-text password, if the server keeps it. With it, SCRAM works
    /// for every hash even without stored SCRAM credentials.
    public var plainPassword: String?
    /// Stored SCRAM credentials per hash (RFC 5802 §3).
    public var scram: [SCRAMHash: SCRAMStoredCredentials]
    /// Whether PLAIN may be used with this account; `false` makes PLAIN fail
    /// with `mechanism-too-weak` (RFC 6120 §6.5.9).
    public var allowsPlain: Bool

    public init(
        plainPassword: String? = nil,
        scram: [SCRAMHash: SCRAMStoredCredentials] = [:],
        allowsPlain: Bool = true
    ) {
        self.plainPassword = plainPassword
        self.scram = scram
        self.allowsPlain = allowsPlain
    }

    /// Credentials derived from `password`: SCRAM credentials for `hashes`
    /// (with this salt and iteration count), and the clear-text password
    /// itself only if `keepingPlainPassword`.
    public init(
        password: String,
        salt: [UInt8],
        iterations: Int = SCRAMStoredCredentials.defaultIterations,
        hashes: [SCRAMHash] = SCRAMHash.allCases,
        keepingPlainPassword: Bool = false,
        allowsPlain: Bool = true
    ) {
        var scram: [SCRAMHash: SCRAMStoredCredentials] = [:]
        for hash in hashes {
            scram[hash] = SCRAMStoredCredentials.derive(
                password: password, salt: salt, iterations: iterations, hash: hash
            )
        }
        self.init(plainPassword: keepingPlainPassword ? password : nil, scram: scram, allowsPlain: allowsPlain)
    }
}

/// A ``SASLCredentialStore`` over a dictionary: every username not in it is
/// unknown.
public struct SASLInMemoryCredentialStore: SASLCredentialStore {
    public var accounts: [String: SASLCredentialLookup]

    public init(_ accounts: [String: SASLCredentialLookup] = [:]) {
        self.accounts = accounts
    }

    public func lookup(username: String) -> SASLCredentialLookup {
        accounts[username] ?? .unknownUser
    }
}
