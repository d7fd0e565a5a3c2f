import Testing
import XMPPCore

@testable import XMPPProtocol

/// RFC 6121 Appendix A.3: the user's server and the subscription stanzas a
/// contact sends to the user. `yes`/`no` is the "DELIVER?" column.
struct SubscriptionInboundTests {
    private static let yes = true, no = false

    /// A.3.1, §3.1.3: a request already pending is not delivered again; a
    /// contact already subscribed gets an automatic `subscribed` instead.
    /// The pending-in sub-state does not show in the roster item: no push.
    static let subscribe: [AppendixARow] = [
        .init(.none, yes, .nonePendingIn, push: false),
        .init(.nonePendingOut, yes, .nonePendingOutIn, push: false),
        .init(.nonePendingIn, no, .nonePendingIn, push: false),
        .init(.nonePendingOutIn, no, .nonePendingOutIn, push: false),
        .init(.to, yes, .toPendingIn, push: false),
        .init(.toPendingIn, no, .toPendingIn, push: false),
        .init(.from, no, .from, push: false, [.autoReplySubscribed]),
        .init(.fromPendingOut, no, .fromPendingOut, push: false, [.autoReplySubscribed]),
        .init(.both, no, .both, push: false, [.autoReplySubscribed]),
    ]

    /// A.3.2, §3.3.3: when the contact gives up its subscription, it gets
    /// `unavailable` from the user's available resources.
    static let unsubscribe: [AppendixARow] = [
        .init(.none, no, .none, push: false),
        .init(.nonePendingOut, no, .nonePendingOut, push: false),
        .init(.nonePendingIn, yes, .none, push: false),
        .init(.nonePendingOutIn, yes, .nonePendingOut, push: false),
        .init(.to, no, .to, push: false),
        .init(.toPendingIn, yes, .to, push: false),
        .init(.from, yes, .none, push: true, [.sendUnavailablePresenceToContact]),
        .init(.fromPendingOut, yes, .nonePendingOut, push: true, [.sendUnavailablePresenceToContact]),
        .init(.both, yes, .to, push: true, [.sendUnavailablePresenceToContact]),
    ]

    /// A.3.3, §3.1.6: delivered only while the user's request is pending.
    static let subscribed: [AppendixARow] = [
        .init(.none, no, .none, push: false),
        .init(.nonePendingOut, yes, .to, push: true),
        .init(.nonePendingIn, no, .nonePendingIn, push: false),
        .init(.nonePendingOutIn, yes, .toPendingIn, push: true),
        .init(.to, no, .to, push: false),
        .init(.toPendingIn, no, .toPendingIn, push: false),
        .init(.from, no, .from, push: false),
        .init(.fromPendingOut, yes, .both, push: true),
        .init(.both, no, .both, push: false),
    ]

    /// A.3.4, §3.2.3: delivered when it denies the user's pending request or
    /// cancels the user's subscription.
    static let unsubscribed: [AppendixARow] = [
        .init(.none, no, .none, push: false),
        .init(.nonePendingOut, yes, .none, push: true),
        .init(.nonePendingIn, no, .nonePendingIn, push: false),
        .init(.nonePendingOutIn, yes, .nonePendingIn, push: true),
        .init(.to, yes, .none, push: true),
        .init(.toPendingIn, yes, .nonePendingIn, push: true),
        .init(.from, no, .from, push: false),
        .init(.fromPendingOut, yes, .from, push: true),
        .init(.both, yes, .from, push: true),
    ]

    @Test func everyTableHasOneRowPerState() {
        for table in [Self.subscribe, Self.unsubscribe, Self.subscribed, Self.unsubscribed] {
            #expect(AppendixARow.coversEveryState(table))
        }
    }

    @Test("A.3.1 inbound subscribe", arguments: SubscriptionInboundTests.subscribe)
    func inboundSubscribe(_ row: AppendixARow) {
        row.check(row.state.handlingInbound(.subscribe))
    }

    @Test("A.3.2 inbound unsubscribe", arguments: SubscriptionInboundTests.unsubscribe)
    func inboundUnsubscribe(_ row: AppendixARow) {
        row.check(row.state.handlingInbound(.unsubscribe))
    }

    @Test("A.3.3 inbound subscribed", arguments: SubscriptionInboundTests.subscribed)
    func inboundSubscribed(_ row: AppendixARow) {
        row.check(row.state.handlingInbound(.subscribed))
    }

    @Test("A.3.4 inbound unsubscribed", arguments: SubscriptionInboundTests.unsubscribed)
    func inboundUnsubscribed(_ row: AppendixARow) {
        row.check(row.state.handlingInbound(.unsubscribed))
    }
}
