import Testing
import XMPPCore

@testable import XMPPProtocol

/// Roster items and queries as elements (RFC 6121 §2.1).
struct RosterItemTests {
    private static let roster = XMLNamespace.roster

    private static func item(_ attributes: [(String, String)], groups: [String] = []) -> XMLElement {
        var element = XMLElement(name: "item", namespace: roster)
        for (name, value) in attributes { element[attribute: name] = value }
        for group in groups { element.append(XMLElement(name: "group", namespace: roster, text: group)) }
        return element
    }

    @Test func elementHasTheRFCShape() throws {
        let item = RosterItem(
            jid: try JID("romeo@example.net"),
            name: "Romeo",
            groups: ["Friends", "Lovers"],
            subscription: .none,
            ask: true
        )
        let expected = Self.item(
            [("jid", "romeo@example.net"), ("name", "Romeo"), ("subscription", "none"), ("ask", "subscribe")],
            groups: ["Friends", "Lovers"]
        )
        #expect(item.element == expected)
    }

    @Test(arguments: [
        RosterItem(jid: try! JID("nurse@example.com")),
        RosterItem(jid: try! JID("romeo@example.net"), name: "Romeo", groups: ["Friends"], subscription: .both),
        RosterItem(jid: try! JID("benvolio@example.net"), name: "", subscription: .to, approved: true),
        RosterItem(jid: try! JID("mercutio@example.com"), groups: ["A", "B", "C"], subscription: .from, ask: true),
        RosterItem.removal(of: try! JID("tybalt@example.com")),
    ])
    func roundTrip(_ item: RosterItem) {
        #expect(RosterItem(element: item.element) == item)
    }

    @Test func fullJIDsAreReducedToBareOnes() throws {
        #expect(RosterItem(jid: try JID("romeo@example.net/orchard")).jid == (try JID("romeo@example.net")))
    }

    @Test func groupsStayOrderedAndUnique() throws {
        var item = RosterItem(jid: try JID("romeo@example.net"), groups: ["B", "A", "B"])
        #expect(item.groups == ["B", "A"])
        item.groups = ["C", "C", "A"]
        #expect(item.groups == ["C", "A"])
    }

    @Test func lenientReading() {
        #expect(RosterItem(element: Self.item([])) == nil)
        #expect(RosterItem(element: Self.item([("jid", "not@valid@jid")])) == nil)
        #expect(RosterItem(element: Self.item([("jid", "romeo@example.net/orchard")])) == nil)
        #expect(RosterItem(element: XMLElement(name: "item", namespace: "jabber:client")) == nil)
        let odd = RosterItem(element: Self.item([
            ("jid", "romeo@example.net"), ("subscription", "sometimes"), ("ask", "unsubscribe"), ("approved", "1"),
        ]))
        #expect(odd?.subscription == RosterItemSubscription.none)
        #expect(odd?.ask == false)
        #expect(odd?.approved == true)
    }

    @Test func itemShowingASubscriptionState() throws {
        let jid = try JID("romeo@example.net")
        #expect(RosterItem(jid: jid, state: .fromPendingOut) == RosterItem(jid: jid, subscription: .from, ask: true))
        #expect(RosterItem(jid: jid, state: .toPendingIn) == RosterItem(jid: jid, subscription: .to))
        #expect(RosterItem(jid: jid, state: .nonePendingIn).subscription == RosterItemSubscription.none)
    }

    @Test func updateKeepsTheStoredSubscription() throws {
        let jid = try JID("romeo@example.net")
        let stored = RosterItem(jid: jid, name: "Romeo", groups: ["Old"], subscription: .both)
        let update = RosterItem(jid: jid, name: "R.", groups: ["New", "Friends"])
        #expect(
            stored.applying(nameAndGroupsOf: update)
                == RosterItem(jid: jid, name: "R.", groups: ["New", "Friends"], subscription: .both)
        )
    }

    @Test func subscriptionValues() {
        #expect(RosterItemSubscription.allCases.map(\.rawValue) == ["none", "to", "from", "both", "remove"])
        #expect(RosterItemSubscription.remove.subscription == nil)
        for subscription in RosterSubscription.allCases {
            #expect(RosterItemSubscription(subscription).subscription == subscription)
            #expect(RosterSubscription(to: subscription.includesTo, from: subscription.includesFrom) == subscription)
        }
    }

    @Test func queryView() throws {
        let romeo = RosterItem(jid: try JID("romeo@example.net"), subscription: .both)
        var query = RosterQuery(items: [romeo], version: "ver11")
        #expect(query.element.name == "query" && query.element.namespace == XMLNamespace.roster)
        #expect(query.version == "ver11")
        #expect(query.items == [romeo])
        query.element.append(Self.item([("name", "no jid")]))
        #expect(query.itemElements.count == 2)
        #expect(query.items == [romeo])
        query.version = nil
        #expect(query.element[attribute: "ver"] == nil)
        #expect(RosterQuery(items: [], version: "").version == "")
        #expect(RosterQuery(XMLElement(name: "query", namespace: "jabber:iq:version")) == nil)
        #expect(RosterQuery(query.element) == query)
    }
}
