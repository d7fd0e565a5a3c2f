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

/// Accounts in memory. SCRAM credentials are derived on first use and kept,
/// so creating thousands of accounts costs nothing until they log in.
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
        state.withLock { state in
            if state.unavailable { return .temporarilyUnavailable }
            guard var entry = state.entries[username] else { return .unknownUser }
            if entry.account.isDisabled { return .disabled }
            if entry.account.credentialsExpired { return .credentialsExpired }
            if entry.scram.isEmpty {
                for hash in SCRAMHash.allCases {
                    entry.scram[hash] = SCRAMStoredCredentials.derive(
                        password: entry.account.password, salt: entry.salt, iterations: iterations, hash: hash
                    )
                }
                state.entries[username] = entry
            }
            return .found(SASLCredentials(
                plainPassword: entry.account.password, scram: entry.scram, allowsPlain: entry.account.allowsPlain
            ))
        }
    }
}
