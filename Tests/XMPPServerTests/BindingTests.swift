import Testing
import XMPPClient
import XMPPCore
import XMPPServer

/// Resource binding (RFC 6120 §7) and the conflict policies.
@Suite struct BindingTests {
    @Test func serverGeneratesAResourceWhenNoneIsAsked() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let client = try await lab.connected("alice@alpha.test", at: address)
            let resource = try #require(client.jid?.resourcepart)
            #expect(resource.hasPrefix("xmpplab-"))
        }
    }

    @Test func replaceExistingGivesTheOldSessionAConflict() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer()
            let first = try await lab.connected("alice@alpha.test", at: address, resource: "phone")
            let second = try await lab.connected("alice@alpha.test", at: address, resource: "phone")
            #expect(second.jid?.description == "alice@alpha.test/phone")
            await #expect(throws: ClientError.self) { _ = try await first.waitFor { _ in false } }
            guard case .streamError(let error)? = first.failure else {
                Issue.record("old session not closed with a stream error")
                return
            }
            #expect(error.condition == .conflict)
            let bound = try await server.boundResources(of: try JID("alice@alpha.test"))
            #expect(bound.map(\.description) == ["alice@alpha.test/phone"])
            try await second.ping()
        }
    }

    @Test func refuseNewFailsTheBind() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer { $0.resourceConflictPolicy = .refuseNew }
            let first = try await lab.connected("alice@alpha.test", at: address, resource: "phone")
            let second = try lab.client("alice@alpha.test", credentials: .scramSHA256(password: "alice-pw"), resource: "phone")
            await #expect(throws: ClientError.self) { try await second.connect(to: address) }
            guard case .bind(let error)? = second.failure else {
                Issue.record("expected a bind failure, got \(String(describing: second.failure))")
                return
            }
            #expect(error.condition == .conflict)
            try await first.ping()
        }
    }

    @Test func assignDifferentGivesTheNewSessionAnotherResource() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer { $0.resourceConflictPolicy = .assignDifferent }
            let first = try await lab.connected("alice@alpha.test", at: address, resource: "phone")
            let second = try await lab.connected("alice@alpha.test", at: address, resource: "phone")
            #expect(first.jid?.resourcepart == "phone")
            #expect(second.jid?.resourcepart != "phone")
            try await first.ping()
            try await second.ping()
        }
    }
}
