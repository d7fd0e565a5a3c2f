import Testing
import XMPPCore

@testable import XMPPProtocol

/// The nine states of RFC 6121 Appendix A.1.
struct SubscriptionStateTests {
    @Test func nineStatesInTheOrderOfAppendixA1() {
        #expect(SubscriptionState.allStates.map(\.description) == [
            "None", "None + Pending Out", "None + Pending In", "None + Pending Out/In",
            "To", "To + Pending In", "From", "From + Pending Out", "Both",
        ])
        #expect(Set(SubscriptionState.allStates).count == 9)
    }

    @Test func everyCoherentCombinationIsOneOfTheNine() {
        var built: [SubscriptionState] = []
        for subscription in RosterSubscription.allCases {
            for pendingOut in [false, true] {
                for pendingIn in [false, true] {
                    if let state = SubscriptionState(subscription: subscription, pendingOut: pendingOut, pendingIn: pendingIn) {
                        built.append(state)
                    }
                }
            }
        }
        #expect(Set(built) == Set(SubscriptionState.allStates))
    }

    @Test func pendingOutNeedsNoToAndPendingInNeedsNoFrom() {
        #expect(SubscriptionState(subscription: .to, pendingOut: true) == nil)
        #expect(SubscriptionState(subscription: .both, pendingOut: true) == nil)
        #expect(SubscriptionState(subscription: .from, pendingIn: true) == nil)
        #expect(SubscriptionState(subscription: .both, pendingIn: true) == nil)
        #expect(SubscriptionState(subscription: .none, pendingOut: true, pendingIn: true) == .nonePendingOutIn)
    }

    @Test func askShowsPendingOutOnly() {
        let asking = SubscriptionState.allStates.filter(\.ask).map(\.description)
        #expect(asking == ["None + Pending Out", "None + Pending Out/In", "From + Pending Out"])
    }

    @Test func subscriptionStanzasFromPresenceTypes() {
        #expect(SubscriptionStanza(.subscribe) == .subscribe)
        #expect(SubscriptionStanza(.unsubscribed) == .unsubscribed)
        #expect(SubscriptionStanza(.probe) == nil)
        #expect(SubscriptionStanza(.unavailable) == nil)
        #expect(SubscriptionStanza(.invalid("subscribe ")) == nil)
        for stanza in SubscriptionStanza.allCases {
            #expect(SubscriptionStanza(stanza.presenceType) == stanza)
        }
    }

    @Test func handlingDispatchesOnDirection() {
        for state in SubscriptionState.allStates {
            for stanza in SubscriptionStanza.allCases {
                #expect(state.handling(stanza, .outbound) == state.handlingOutbound(stanza))
                #expect(state.handling(stanza, .inbound) == state.handlingInbound(stanza))
                #expect(state.handling(stanza, .outbound).oldState == state)
            }
        }
    }

    /// A full exchange: the user asks, the contact approves, then asks back
    /// and the user approves; both rosters end in "Both".
    @Test func mutualSubscriptionWalksBothRostersToBoth() {
        var user = SubscriptionState.none
        var contact = SubscriptionState.none
        func send(_ stanza: SubscriptionStanza, from sender: inout SubscriptionState, to receiver: inout SubscriptionState) {
            let out = sender.handlingOutbound(stanza)
            sender = out.newState
            if out.forwards { receiver = receiver.handlingInbound(stanza).newState }
        }
        send(.subscribe, from: &user, to: &contact)
        #expect(user == .nonePendingOut && contact == .nonePendingIn)
        send(.subscribed, from: &contact, to: &user)
        #expect(user == .to && contact == .from)
        send(.subscribe, from: &contact, to: &user)
        #expect(user == .toPendingIn && contact == .fromPendingOut)
        send(.subscribed, from: &user, to: &contact)
        #expect(user == .both && contact == .both)
        send(.unsubscribe, from: &user, to: &contact)
        #expect(user == .from && contact == .to)
        send(.unsubscribed, from: &user, to: &contact)
        #expect(user == .none && contact == .none)
    }
}
