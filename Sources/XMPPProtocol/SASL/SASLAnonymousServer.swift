import XMPPCore

/// ANONYMOUS (RFC 4505) on the server: anyone succeeds, as a fresh random
/// local part at the server's domain (RFC 6120 leaves the JID to the
/// server). The optional trace token is ignored.
public struct SASLAnonymousServer: SASLServerMechanism {
    public var name: String { "ANONYMOUS" }
    /// The local part this exchange hands out.
    public let localpart: String
    private var state = State.initial

    private enum State { case initial, awaitingResponse, done }

    /// The local-part alphabet: lower-case letters and digits, valid in any
    /// JID localpart and unchanged by its preparation.
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    /// Length of the random local part (36^16 ≈ 2^82 names).
    public static let localpartLength = 16

    /// Draws the local part from `random` now, so the draw does not depend
    /// on when the exchange runs. (Each character is one draw modulo 36: a
    /// bias of 2^-59, and the same on every toolchain, unlike the standard
    /// library's `randomElement(using:)`, whose algorithm is not promised.)
    public init(random: inout SeededGenerator) {
        var localpart = ""
        for _ in 0..<Self.localpartLength {
            localpart.append(Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))])
        }
        self.init(localpart: localpart)
    }

    /// An ANONYMOUS exchange that hands out `localpart`.
    init(localpart: String) {
        self.localpart = localpart
    }

    public mutating func start(initialResponse: [UInt8]?) -> SASLServerStep {
        guard state == .initial else { return finish(.failure(SASLFailure(.malformedRequest))) }
        guard initialResponse != nil else {
            state = .awaitingResponse
            return .challenge([])
        }
        return finish(.success(SASLIdentity(authcid: localpart), additionalData: nil))
    }

    public mutating func respond(_ response: [UInt8]) -> SASLServerStep {
        guard state == .awaitingResponse else {
            return finish(.failure(SASLFailure(.malformedRequest, text: "exchange already finished")))
        }
        return finish(.success(SASLIdentity(authcid: localpart), additionalData: nil))
    }

    private mutating func finish(_ step: SASLServerStep) -> SASLServerStep {
        state = .done
        return step
    }
}
