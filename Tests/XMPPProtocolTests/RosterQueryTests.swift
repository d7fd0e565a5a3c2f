import Testing
import XMPPCore

@testable import XMPPProtocol

/// Roster get results and roster pushes (RFC 6121 §2.1.3, §2.1.6, §2.6.3).
struct RosterQueryTests {
    @Test func getResult() throws {
        let juliet = try JID("juliet@example.com/balcony")
        let request = IQ(type: .get, from: juliet, id: "bv1bs71f", payload: RosterQuery(version: "ver7").element)
        let romeo = RosterItem(jid: try JID("romeo@example.net"), name: "Romeo", groups: ["Friends"], subscription: .both)
        let nurse = RosterItem(jid: try JID("nurse@example.com"), name: "Nurse", groups: ["Servants"], subscription: .none, ask: true)

        let result = RosterQuery.result(for: request, items: [romeo, nurse], version: "ver11")
        #expect(result.type == .result)
        #expect(result.id == "bv1bs71f")
        #expect(result.to == juliet)
        #expect(result.rawFrom == nil)
        let query = try #require(result.payload.flatMap(RosterQuery.init))
        #expect(query.version == "ver11")
        #expect(query.items == [romeo, nurse])

        let withoutVersioning = RosterQuery.result(for: request, items: [])
        #expect(withoutVersioning.payload.flatMap(RosterQuery.init)?.version == nil)
        #expect(withoutVersioning.payload.flatMap(RosterQuery.init)?.items == [])

        let unchanged = RosterQuery.unchangedResult(for: request)
        #expect(unchanged.type == .result && unchanged.id == "bv1bs71f" && unchanged.payload == nil)
    }

    @Test func push() throws {
        let balcony = try JID("juliet@example.com/balcony")
        let nurse = RosterItem(jid: try JID("nurse@example.com"), name: "Nurse", groups: ["Servants"])
        let push = RosterPush.iq(item: nurse, to: balcony, id: "a78b4q6ha463", version: "ver13")
        #expect(push.type == .set)
        #expect(push.to == balcony)
        #expect(push.rawFrom == nil)
        #expect(push.id == "a78b4q6ha463")
        #expect(IQ.validate(push.element) == nil)
        let query = try #require(push.payload.flatMap(RosterQuery.init))
        #expect(query.version == "ver13")
        #expect(query.items == [nurse])

        let removal = RosterPush.iq(item: .removal(of: try JID("nurse@example.com")), to: balcony, id: "d6c7", from: balcony.bare)
        #expect(removal.from == balcony.bare)
        let removed = try #require(removal.payload.flatMap(RosterQuery.init)?.itemElements.first)
        #expect(removed[attribute: "subscription"] == "remove")
        #expect(removal.payload.flatMap(RosterQuery.init)?.version == nil)
    }
}
