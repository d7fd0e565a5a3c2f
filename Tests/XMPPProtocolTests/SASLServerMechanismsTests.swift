import Testing
import XMPPCore

@testable import XMPPProtocol

/// `SASLServerMechanisms`: what a server offers and creates.
struct SASLServerMechanismsTests {
    static let all = SASLServerMechanisms(enabled: ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "ANONYMOUS", "EXTERNAL"])

    @Test func offersPLAINOnlyEncryptedAndEXTERNALOnlyWithACertificate() {
        #expect(Self.all.offered(in: SASLHarness.context(encrypted: false)) == ["SCRAM-SHA-256", "SCRAM-SHA-1", "ANONYMOUS"])
        #expect(Self.all.offered(in: SASLHarness.context(encrypted: true)) == ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "ANONYMOUS"])
        #expect(
            Self.all.offered(in: SASLHarness.context(encrypted: true, identities: ["juliet@example.com"]))
                == ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "ANONYMOUS", "EXTERNAL"]
        )
    }

    @Test func keepsTheConfiguredOrderAndDropsUnknownNamesAndRepeats() {
        let mechanisms = SASLServerMechanisms(
            enabled: ["PLAIN", "X-UNKNOWN", "SCRAM-SHA-1", "PLAIN", "scram-sha-256", "SCRAM-SHA-256-PLUS"]
        )
        #expect(mechanisms.enabled == ["PLAIN", "SCRAM-SHA-1"])
        #expect(mechanisms.offered(in: SASLHarness.context()) == ["PLAIN", "SCRAM-SHA-1"])
    }

    @Test(arguments: SASLServerMechanisms.builtIn)
    func makesEachEnabledMechanism(_ name: String) {
        var random = SeededGenerator(seed: 1)
        #expect(Self.all.make(name, context: SASLHarness.context(), random: &random)?.name == name)
        let others = SASLServerMechanisms(enabled: SASLServerMechanisms.builtIn.filter { $0 != name })
        #expect(others.make(name, context: SASLHarness.context(), random: &random) == nil, "not enabled: invalid-mechanism")
    }

    @Test(arguments: ["X-UNKNOWN", "plain", "", "SCRAM-SHA-1-PLUS", "GSSAPI"])
    func unknownMechanismsAreNotMade(_ name: String) {
        var random = SeededGenerator(seed: 1)
        #expect(Self.all.make(name, context: SASLHarness.context(), random: &random) == nil)
    }

    @Test func aMechanismNotOfferedStillRefusesWithItsOwnCondition() {
        var random = SeededGenerator(seed: 1)
        var plain = Self.all.make("PLAIN", context: SASLHarness.context(encrypted: false), random: &random)!
        #expect(
            plain.start(initialResponse: Array("\0romeo\0juliet's balcony".utf8))
                == .failure(SASLFailure(.encryptionRequired, text: "PLAIN needs TLS"))
        )
        var external = Self.all.make("EXTERNAL", context: SASLHarness.context(), random: &random)!
        guard case .failure(let failure) = external.start(initialResponse: []) else {
            Issue.record("EXTERNAL without a certificate succeeded")
            return
        }
        #expect(failure.condition == .notAuthorized)
    }

    @Test func drawsFromTheGeneratorItIsGiven() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        var first = Self.all.make("ANONYMOUS", context: SASLHarness.context(), random: &a)!
        var second = Self.all.make("ANONYMOUS", context: SASLHarness.context(), random: &b)!
        let one = first.start(initialResponse: [])
        #expect(one == second.start(initialResponse: []))
        var third = Self.all.make("ANONYMOUS", context: SASLHarness.context(), random: &a)!
        #expect(one != third.start(initialResponse: []))
    }

    /// A stand-in for a multi-step mechanism such as GSSAPI: three rounds of
    /// tokens, then success with final data.
    struct Rounds: SASLServerMechanism {
        var name: String { "X-ROUNDS" }
        var round = 0
        mutating func start(initialResponse: [UInt8]?) -> SASLServerStep {
            initialResponse == [0] ? .challenge([1]) : .failure(SASLFailure(.malformedRequest))
        }
        mutating func respond(_ response: [UInt8]) -> SASLServerStep {
            round += 1
            guard response == [UInt8(2 * round)] else { return .failure(SASLFailure(.notAuthorized)) }
            return round < 3 ? .challenge([UInt8(2 * round + 1)]) : .success(SASLIdentity(authcid: "kerberos"), additionalData: [7])
        }
    }

    struct RoundsClient: SASLClientMechanism {
        var name: String { "X-ROUNDS" }
        var received: [UInt8] = []
        mutating func initialResponse() -> [UInt8]? { [0] }
        mutating func respond(toChallenge challenge: [UInt8]) throws(SASLClientError) -> [UInt8] {
            received += challenge
            return [challenge[0] + 1]
        }
        mutating func verifySuccess(additionalData: [UInt8]?) throws(SASLClientError) {
            guard additionalData == [7], received == [1, 3, 5] else { throw SASLClientError(.badServerSignature) }
        }
    }

    @Test func additionalMultiStepMechanismsPlugIn() {
        let mechanisms = SASLServerMechanisms(enabled: ["X-ROUNDS", "PLAIN"], additional: ["X-ROUNDS": { _, _ in Rounds() }])
        #expect(mechanisms.offered(in: SASLHarness.context(encrypted: false)) == ["X-ROUNDS"])
        var random = SeededGenerator(seed: 1)
        let server = mechanisms.make("X-ROUNDS", context: SASLHarness.context(), random: &random)!
        let (outcome, transcript) = SASLHarness.run(RoundsClient(), server)
        #expect(outcome == .success(SASLIdentity(authcid: "kerberos")))
        #expect(transcript.count == 8)
    }
}
