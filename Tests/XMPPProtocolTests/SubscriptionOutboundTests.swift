import Testing
import XMPPCore

@testable import XMPPProtocol

/// One row of a table of RFC 6121 Appendix A, with the duties of §3 the row
/// carries: the existing state, the "ROUTE?"/"DELIVER?" column, the new
/// state, whether the roster item (subscription, ask) changes and so owes a
/// roster push, and the generated stanzas.
struct AppendixARow: Sendable, CustomTestStringConvertible {
    let state: SubscriptionState
    let forwards: Bool
    let newState: SubscriptionState
    let rosterPush: Bool
    let sideEffects: [SubscriptionSideEffect]

    init(
        _ state: SubscriptionState,
        _ forwards: Bool,
        _ newState: SubscriptionState,
        push rosterPush: Bool,
        _ sideEffects: [SubscriptionSideEffect] = []
    ) {
        self.state = state
        self.forwards = forwards
        self.newState = newState
        self.rosterPush = rosterPush
        self.sideEffects = sideEffects
    }

    var testDescription: String {
        "\"\(state)\" → \(forwards ? "yes" : "no"), \"\(newState)\""
    }

    func check(_ transition: SubscriptionTransition) {
        #expect(transition.oldState == state)
        #expect(transition.forwards == forwards)
        #expect(transition.newState == newState)
        #expect(transition.changesState == (state != newState))
        #expect(transition.rosterPush == rosterPush)
        #expect(transition.sideEffects == sideEffects)
    }

    /// Every table lists each of the nine states once, in order.
    static func coversEveryState(_ table: [AppendixARow]) -> Bool {
        table.map(\.state) == SubscriptionState.allStates
    }
}

/// RFC 6121 Appendix A.2: the user's server and the subscription stanzas the
/// user's clients send. `yes`/`no` is the "ROUTE?" column.
struct SubscriptionOutboundTests {
    private static let yes = true, no = false

    /// A.2.1, §3.1.2: always routed; "no state change" once a request is
    /// pending or the user is subscribed.
    static let subscribe: [AppendixARow] = [
        .init(.none, yes, .nonePendingOut, push: true),
        .init(.nonePendingOut, yes, .nonePendingOut, push: false),
        .init(.nonePendingIn, yes, .nonePendingOutIn, push: true),
        .init(.nonePendingOutIn, yes, .nonePendingOutIn, push: false),
        .init(.to, yes, .to, push: false),
        .init(.toPendingIn, yes, .toPendingIn, push: false),
        .init(.from, yes, .fromPendingOut, push: true),
        .init(.fromPendingOut, yes, .fromPendingOut, push: false),
        .init(.both, yes, .both, push: false),
    ]

    /// A.2.2, §3.3.2: always routed.
    static let unsubscribe: [AppendixARow] = [
        .init(.none, yes, .none, push: false),
        .init(.nonePendingOut, yes, .none, push: true),
        .init(.nonePendingIn, yes, .nonePendingIn, push: false),
        .init(.nonePendingOutIn, yes, .nonePendingIn, push: true),
        .init(.to, yes, .none, push: true),
        .init(.toPendingIn, yes, .nonePendingIn, push: true),
        .init(.from, yes, .from, push: false),
        .init(.fromPendingOut, yes, .from, push: true),
        .init(.both, yes, .from, push: true),
    ]

    /// A.2.3, §3.1.5: routed only with a pending inbound request, then the
    /// user's current presence follows. The RFC's "pre-approval" rows (None,
    /// None + Pending Out, To) are "no" and, without pre-approval support,
    /// no state change.
    static let subscribed: [AppendixARow] = [
        .init(.none, no, .none, push: false),
        .init(.nonePendingOut, no, .nonePendingOut, push: false),
        .init(.nonePendingIn, yes, .from, push: true, [.sendCurrentPresenceToContact]),
        .init(.nonePendingOutIn, yes, .fromPendingOut, push: true, [.sendCurrentPresenceToContact]),
        .init(.to, no, .to, push: false),
        .init(.toPendingIn, yes, .both, push: true, [.sendCurrentPresenceToContact]),
        .init(.from, no, .from, push: false),
        .init(.fromPendingOut, no, .fromPendingOut, push: false),
        .init(.both, no, .both, push: false),
    ]

    /// A.2.4, §3.2.2: routed when it denies a pending request or cancels the
    /// contact's subscription; a cancellation first sends `unavailable`.
    /// Denying a request changes nothing the roster item shows: no push.
    static let unsubscribed: [AppendixARow] = [
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

    @Test func everyTableHasOneRowPerState() {
        for table in [Self.subscribe, Self.unsubscribe, Self.subscribed, Self.unsubscribed] {
            #expect(AppendixARow.coversEveryState(table))
        }
    }

    @Test("A.2.1 outbound subscribe", arguments: SubscriptionOutboundTests.subscribe)
    func outboundSubscribe(_ row: AppendixARow) {
        row.check(row.state.handlingOutbound(.subscribe))
    }

    @Test("A.2.2 outbound unsubscribe", arguments: SubscriptionOutboundTests.unsubscribe)
    func outboundUnsubscribe(_ row: AppendixARow) {
        row.check(row.state.handlingOutbound(.unsubscribe))
    }

    @Test("A.2.3 outbound subscribed", arguments: SubscriptionOutboundTests.subscribed)
    func outboundSubscribed(_ row: AppendixARow) {
        row.check(row.state.handlingOutbound(.subscribed))
    }

    @Test("A.2.4 outbound unsubscribed", arguments: SubscriptionOutboundTests.unsubscribed)
    func outboundUnsubscribed(_ row: AppendixARow) {
        row.check(row.state.handlingOutbound(.unsubscribed))
    }
}
