import Testing
import XMPPCore

@testable import XMPPProtocol

/// Shared fixtures: accounts, contexts, and a driver that runs a client
/// mechanism against a server mechanism through the wire elements.
enum SASLHarness {
    static let domain = "example.com"
    static let salt: [UInt8] = Array("xmpplab-salt-16b".utf8)

    /// juliet: SCRAM credentials only; romeo: clear-text password only;
    /// tybalt: PLAIN not allowed; "a,b=c": needs saslname escaping.
    static let store = SASLInMemoryCredentialStore([
        "juliet": .found(SASLCredentials(password: "r0m30myr0m30", salt: salt)),
        "romeo": .found(SASLCredentials(plainPassword: "juliet's balcony")),
        "tybalt": .found(SASLCredentials(password: "sword", salt: salt, keepingPlainPassword: true, allowsPlain: false)),
        "a,b=c": .found(SASLCredentials(password: "escape me", salt: salt)),
        "nurse": .found(SASLCredentials()),
        "disabled": .disabled,
        "expired": .credentialsExpired,
        "busy": .temporarilyUnavailable,
    ])

    /// Accounts whose lookup fails, with the condition each must give.
    static let unusableAccounts: [(String, SASLFailureCondition)] = [
        ("disabled", .accountDisabled), ("expired", .credentialsExpired), ("busy", .temporaryAuthFailure),
    ]

    static func context(
        encrypted: Bool = true, identities: [String] = [], expected: String? = nil
    ) -> SASLServerContext {
        SASLServerContext(
            domain: domain, isEncrypted: encrypted, peerCertificateIdentities: identities,
            expectedIdentity: expected, credentials: store, saltSecret: Array("secret".utf8)
        )
    }

    enum Outcome: Equatable {
        case success(SASLIdentity)
        case failure(SASLFailureCondition)
        case clientError(SASLClientError.Kind)
    }

    /// Runs the exchange; every message goes through `SASLElement`'s XML
    /// form and back. Returns the outcome and the elements exchanged.
    static func run(
        _ client: some SASLClientMechanism, _ server: some SASLServerMechanism, initialResponse: Bool = true
    ) -> (outcome: Outcome, transcript: [SASLElement]) {
        var client = client, server = server
        var transcript: [SASLElement] = []
        func wire(_ element: SASLElement) -> SASLElement {
            transcript.append(element)
            return (try? SASLElement(parsing: element.element)) ?? .abort
        }
        let auth = SASLElement.auth(mechanism: client.name, initialResponse: initialResponse ? client.initialResponse() : nil)
        guard case .auth(let name, let first) = wire(auth) else {
            return (.failure(.malformedRequest), transcript)
        }
        #expect(name == server.name)
        var step = server.start(initialResponse: first)
        for _ in 0..<10 {
            switch wire(step.wireElement) {
            case .challenge(let challenge):
                do {
                    let response = try client.respond(toChallenge: challenge)
                    guard case .response(let data) = wire(.response(response)) else { return (.failure(.malformedRequest), transcript) }
                    step = server.respond(data)
                } catch {
                    _ = wire(.abort)
                    return (.clientError(error.kind), transcript)
                }
            case .success(let additionalData):
                guard case .success(let identity, _) = step else { return (.failure(.malformedRequest), transcript) }
                do {
                    try client.verifySuccess(additionalData: additionalData)
                } catch {
                    return (.clientError(error.kind), transcript)
                }
                return (.success(identity), transcript)
            case .failure(let failure):
                return (.failure(failure.condition), transcript)
            default:
                return (.failure(.malformedRequest), transcript)
            }
        }
        return (.failure(.malformedRequest), transcript)
    }
}

/// Every built-in mechanism, client against server, made through
/// `SASLServerMechanisms` as a server would.
struct SASLExchangeTests {
    static let mechanisms = SASLServerMechanisms(enabled: SASLServerMechanisms.builtIn)

    static func server(_ name: String, _ context: SASLServerContext = SASLHarness.context(), seed: UInt64 = 1) -> any SASLServerMechanism {
        var random = SeededGenerator(seed: seed)
        return mechanisms.make(name, context: context, random: &random)!
    }

    static func clients() -> [(any SASLClientMechanism, SASLServerContext, SASLIdentity?)] {
        var random = SeededGenerator(seed: 7)
        let certificate = SASLHarness.context(identities: ["juliet@example.com"])
        return [
            (SASLPlainClient(username: "juliet", password: "r0m30myr0m30"), SASLHarness.context(), SASLIdentity(authcid: "juliet")),
            (SASLPlainClient(username: "romeo", password: "juliet's balcony"), SASLHarness.context(), SASLIdentity(authcid: "romeo")),
            (
                SASLScramClient(hash: .sha1, username: "juliet", password: "r0m30myr0m30", random: &random),
                SASLHarness.context(), SASLIdentity(authcid: "juliet")
            ),
            (
                SASLScramClient(hash: .sha256, username: "romeo", password: "juliet's balcony", random: &random),
                SASLHarness.context(), SASLIdentity(authcid: "romeo")
            ),
            (SASLExternalClient(), certificate, SASLIdentity(authcid: "juliet")),
            (SASLAnonymousClient(trace: "sirhc"), SASLHarness.context(), nil),
        ]
    }

    @Test(arguments: [true, false])
    func everyMechanismSucceeds(initialResponse: Bool) {
        for (client, context, expected) in Self.clients() {
            let (outcome, transcript) = SASLHarness.run(client, Self.server(client.name, context), initialResponse: initialResponse)
            guard case .success(let identity) = outcome else {
                Issue.record("\(client.name): \(outcome) after \(transcript)")
                continue
            }
            if let expected { #expect(identity == expected, "\(client.name)") }
            if !initialResponse {
                #expect(transcript.dropFirst().first == .challenge([]), "\(client.name) without initial response gets an empty challenge")
            }
        }
    }

    @Test func aResponseAfterTheEndIsMalformedRequest() {
        for (client, context, _) in Self.clients() {
            var server = Self.server(client.name, context)
            var client = client
            var step = server.start(initialResponse: client.initialResponse())
            while case .challenge(let challenge) = step {
                step = server.respond((try? client.respond(toChallenge: challenge)) ?? [])
            }
            #expect(step.isFinal)
            #expect(server.respond([]) == .failure(SASLFailure(.malformedRequest, text: "exchange already finished")), "\(client.name)")
            #expect(server.start(initialResponse: nil) == .failure(SASLFailure(.malformedRequest)), "\(client.name)")
        }
    }

    @Test func serverStepsMapToTheirElements() {
        #expect(SASLServerStep.challenge([1]).wireElement == .challenge([1]))
        #expect(SASLServerStep.success(SASLIdentity(authcid: "a"), additionalData: nil).wireElement == .success(additionalData: nil))
        #expect(SASLServerStep.failure(SASLFailure(.aborted)).wireElement == .failure(SASLFailure(.aborted)))
        #expect(!SASLServerStep.challenge([]).isFinal)
        #expect(SASLServerStep.failure(SASLFailure(.aborted)).isFinal)
    }
}
