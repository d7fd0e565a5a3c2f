import Synchronization
import XMPPCore
import XMPPProtocol

/// One account of a virtual server.
public struct Account: Sendable, Hashable {
    /// The local part of the account's JID (already prepared).
    public var localpart: String
    public var password: String
    /// A disabled account fails SASL with `account-disabled`.
    public var isDisabled: Bool
    /// Expired credentials fail SASL with `credentials-expired`.
    public var credentialsExpired: Bool
    /// `false`: PLAIN is too weak for this account (`mechanism-too-weak`).
    public var allowsPlain: Bool

    public init(localpart: String, password: String, isDisabled: Bool = false, credentialsExpired: Bool = false, allowsPlain: Bool = true) {
        self.localpart = localpart
        self.password = password
        self.isDisabled = isDisabled
        self.credentialsExpired = credentialsExpired
        self.allowsPlain = allowsPlain
    }
}

/// Where a server keeps its accounts (in memory here; the lab may persist later).
public protocol AccountStore: SASLCredentialStore {
    func add(_ account: Account)
    func remove(localpart: String)
    func account(localpart: String) -> Account?
    /// While set, every lookup answers `temporarilyUnavailable`
    /// (SASL `temporary-auth-failure`): a storage outage.
    func setUnavailable(_ unavailable: Bool)
}

/// Accounts in memory. SCRAM credentials are derived on the first SCRAM
/// login with each hash and kept (as a server storing SCRAM hashes would),
/// so creating thousands of accounts costs nothing until they log in, and
/// PLAIN logins compare the stored password without PBKDF2.
public final class InMemoryAccountStore: AccountStore {
    private struct Entry {
        var account: Account
        var salt: [UInt8]
        var scram: [SCRAMHash: SCRAMStoredCredentials] = [:]
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var random: SeededGenerator
        var unavailable = false
    }

    private let state: Mutex<State>
    private let iterations: Int

    public init(seed: UInt64, scramIterations: Int = 4096) {
        state = Mutex(State(random: SeededGenerator(seed: seed)))
        iterations = scramIterations
    }

    public func add(_ account: Account) {
        state.withLock { state in
            var salt = [UInt8](repeating: 0, count: 16)
            for index in salt.indices { salt[index] = UInt8.random(in: 0...255, using: &state.random) }
            state.entries[account.localpart] = Entry(account: account, salt: salt)
        }
    }

    public func remove(localpart: String) {
        _ = state.withLock { $0.entries.removeValue(forKey: localpart) }
    }

    public func account(localpart: String) -> Account? {
        state.withLock { $0.entries[localpart]?.account }
    }

    public func setUnavailable(_ unavailable: Bool) {
        state.withLock { $0.unavailable = unavailable }
    }

    public func lookup(username: String) -> SASLCredentialLookup {
        lookup(username: username, deriving: nil)
    }

    public func lookup(username: String, forSCRAM hash: SCRAMHash) -> SASLCredentialLookup {
        lookup(username: username, deriving: hash)
    }

    /// The account's credentials; with `hash`, its SCRAM credentials for
    /// that hash are derived (PBKDF2) on first use and kept.
    private func lookup(username: String, deriving hash: SCRAMHash?) -> SASLCredentialLookup {
        state.withLock { state in
            if state.unavailable { return .temporarilyUnavailable }
            guard var entry = state.entries[username] else { return .unknownUser }
            if entry.account.isDisabled { return .disabled }
            if entry.account.credentialsExpired { return .credentialsExpired }
            if let hash, entry.scram[hash] == nil {
                entry.scram[hash] = SCRAMStoredCredentials.derive(
                    password: entry.account.password, salt: entry.salt, iterations: iterations, hash: hash
                )
                state.entries[username] = entry
            }
            return .found(SASLCredentials(
                plainPassword: entry.account.password, scram: entry.scram, allowsPlain: entry.account.allowsPlain
            ))
        }
    }
}
