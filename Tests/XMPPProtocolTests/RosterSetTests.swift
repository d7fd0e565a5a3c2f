import Testing
import XMPPCore

@testable import XMPPProtocol

/// Validation of a client's roster set (RFC 6121 §2.1.2, §2.3.3, §2.5).
struct RosterSetTests {
    private static let roster = XMLNamespace.roster

    private static func query(_ items: [XMLElement]) -> XMLElement {
        XMLElement(name: "query", namespace: roster, children: items.map(XMLNode.element))
    }

    private static func item(_ attributes: [(String, String)], groups: [String] = []) -> XMLElement {
        var element = XMLElement(name: "item", namespace: roster)
        for (name, value) in attributes { element[attribute: name] = value }
        for group in groups { element.append(XMLElement(name: "group", namespace: roster, text: group)) }
        return element
    }

    private static func set(_ attributes: [(String, String)], groups: [String] = []) -> XMLElement {
        query([item(attributes, groups: groups)])
    }

    private static func condition(of query: XMLElement, limits: RosterLimits = RosterLimits()) -> StanzaErrorCondition? {
        do {
            _ = try RosterSet(validating: query, limits: limits)
            return nil
        } catch {
            return error.condition
        }
    }

    @Test func addsAnItemWithNameAndGroups() throws {
        let result = try RosterSet(validating: Self.set([("jid", "Nurse@Example.com"), ("name", "Nurse")], groups: ["Servants"]))
        #expect(result == .update(RosterItem(jid: try JID("nurse@example.com"), name: "Nurse", groups: ["Servants"])))
    }

    @Test func removes() throws {
        let result = try RosterSet(validating: Self.set([("jid", "nurse@example.com"), ("subscription", "remove")]))
        #expect(result == .remove(try JID("nurse@example.com")))
    }

    /// §2.1.2.5: values other than `remove` are ignored; §2.1.2.1, §2.1.2.2:
    /// `approved` and `ask` from a client are ignored.
    @Test(arguments: ["none", "to", "from", "both", "bogus", ""])
    func otherSubscriptionValuesAreIgnored(_ value: String) throws {
        let result = try RosterSet(validating: Self.set([
            ("jid", "nurse@example.com"), ("subscription", value), ("ask", "subscribe"), ("approved", "true"),
        ]))
        #expect(result == .update(RosterItem(jid: try JID("nurse@example.com"))))
    }

    @Test func exactlyOneItem() {
        #expect(Self.condition(of: Self.query([])) == .badRequest)
        let two = Self.query([
            Self.item([("jid", "nurse@example.com")]), Self.item([("jid", "romeo@example.net")]),
        ])
        #expect(Self.condition(of: two) == .badRequest)
    }

    @Test func notARosterQuery() {
        #expect(Self.condition(of: XMLElement(name: "query", namespace: "jabber:iq:version")) == .badRequest)
    }

    @Test func jidRules() {
        #expect(Self.condition(of: Self.set([("name", "Nobody")])) == .badRequest)
        #expect(Self.condition(of: Self.set([("jid", "")])) == .jidMalformed)
        #expect(Self.condition(of: Self.set([("jid", "a@b@example.com")])) == .jidMalformed)
        #expect(Self.condition(of: Self.set([("jid", "nurse@example.com/balcony")])) == .badRequest)
        #expect(Self.condition(of: Self.set([("jid", "example.com")])) == nil)
    }

    @Test func duplicateGroupsAreABadRequest() {
        #expect(Self.condition(of: Self.set([("jid", "nurse@example.com")], groups: ["A", "B", "A"])) == .badRequest)
        #expect(Self.condition(of: Self.set([("jid", "nurse@example.com")], groups: ["A", "a"])) == nil)
    }

    @Test func emptyGroupIsNotAcceptable() {
        #expect(Self.condition(of: Self.set([("jid", "nurse@example.com")], groups: [""])) == .notAcceptable)
        #expect(Self.condition(of: Self.set([("jid", "nurse@example.com")], groups: ["A", ""])) == .notAcceptable)
    }

    @Test func lengthLimits() {
        let limits = RosterLimits(maximumNameBytes: 5, maximumGroupBytes: 4)
        let jid = ("jid", "nurse@example.com")
        #expect(Self.condition(of: Self.set([jid, ("name", "Nurse")]), limits: limits) == nil)
        #expect(Self.condition(of: Self.set([jid, ("name", "Nurses")]), limits: limits) == .notAcceptable)
        #expect(Self.condition(of: Self.set([jid, ("name", "Nürse")]), limits: limits) == .notAcceptable)  // 6 bytes
        #expect(Self.condition(of: Self.set([jid], groups: ["Kind"]), limits: limits) == nil)
        #expect(Self.condition(of: Self.set([jid], groups: ["Kinds"]), limits: limits) == .notAcceptable)
        let defaults = RosterLimits()
        #expect(defaults.maximumNameBytes == 1023 && defaults.maximumGroupBytes == 1023)
        let long = String(repeating: "x", count: 1024)
        #expect(Self.condition(of: Self.set([jid, ("name", long)])) == .notAcceptable)
        #expect(Self.condition(of: Self.set([jid], groups: [long])) == .notAcceptable)
    }

    @Test func wholeIQ() throws {
        let juliet = try JID("juliet@example.com/balcony")
        let payload = Self.set([("jid", "nurse@example.com")])
        let expected = RosterSet.update(RosterItem(jid: try JID("nurse@example.com")))

        let plain = IQ(type: .set, from: juliet, id: "rs1", payload: payload)
        #expect(try RosterSet(validating: plain, account: juliet) == expected)

        let toSelf = IQ(type: .set, to: juliet.bare, from: juliet, id: "rs2", payload: payload)
        #expect(try RosterSet(validating: toSelf, account: juliet) == expected)

        let toRomeo = IQ(type: .set, to: try JID("romeo@example.net"), from: juliet, id: "rs3", payload: payload)
        #expect(throws: StanzaError.self) { try RosterSet(validating: toRomeo, account: juliet) }
        do {
            _ = try RosterSet(validating: toRomeo, account: juliet)
        } catch {
            #expect(error.condition == .forbidden)
        }

        let get = IQ(type: .get, id: "rs4", payload: payload)
        do {
            _ = try RosterSet(validating: get, account: juliet)
            Issue.record("a roster get is no roster set")
        } catch {
            #expect(error.condition == .badRequest)
        }
    }
}
