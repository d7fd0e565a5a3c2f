import Testing

@testable import XMPPCore

/// `StanzaError` (RFC 6120 §8.3).
struct StanzaErrorTests {
    private static let stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas"

    /// Every condition of RFC 6120 §8.3.3 with the type it recommends (the
    /// first one where it names two; `cancel` for undefined-condition).
    static let recommendedTypes: [(StanzaErrorCondition, StanzaErrorType)] = [
        (.badRequest, .modify),
        (.conflict, .cancel),
        (.featureNotImplemented, .cancel),
        (.forbidden, .auth),
        (.gone, .cancel),
        (.internalServerError, .cancel),
        (.itemNotFound, .cancel),
        (.jidMalformed, .modify),
        (.notAcceptable, .modify),
        (.notAllowed, .cancel),
        (.notAuthorized, .auth),
        (.policyViolation, .modify),
        (.recipientUnavailable, .wait),
        (.redirect, .modify),
        (.registrationRequired, .auth),
        (.remoteServerNotFound, .cancel),
        (.remoteServerTimeout, .wait),
        (.resourceConstraint, .wait),
        (.serviceUnavailable, .cancel),
        (.subscriptionRequired, .auth),
        (.undefinedCondition, .cancel),
        (.unexpectedRequest, .wait),
    ]

    @Test func definesEveryConditionOfRFC6120() {
        #expect(StanzaErrorCondition.allCases.map(\.rawValue) == [
            "bad-request", "conflict", "feature-not-implemented", "forbidden", "gone",
            "internal-server-error", "item-not-found", "jid-malformed", "not-acceptable", "not-allowed",
            "not-authorized", "policy-violation", "recipient-unavailable", "redirect",
            "registration-required", "remote-server-not-found", "remote-server-timeout",
            "resource-constraint", "service-unavailable", "subscription-required",
            "undefined-condition", "unexpected-request",
        ])
        #expect(Self.recommendedTypes.map(\.0) == StanzaErrorCondition.allCases)
        #expect(StanzaErrorType.allCases.map(\.rawValue) == ["auth", "cancel", "continue", "modify", "wait"])
    }

    @Test(arguments: recommendedTypes)
    func defaultTypeIsTheRecommendedOne(_ condition: StanzaErrorCondition, _ type: StanzaErrorType) {
        #expect(condition.defaultType == type)
        #expect(StanzaError(condition).type == type)
    }

    @Test(arguments: StanzaErrorCondition.allCases)
    func roundTripsBareCondition(_ condition: StanzaErrorCondition) {
        let error = StanzaError(condition)
        #expect(
            error.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<error type='\(condition.defaultType.rawValue)'><\(condition.rawValue) xmlns='\(Self.stanzas)'/></error>"
        )
        #expect(StanzaError(element: error.element) == error)
    }

    @Test(arguments: StanzaErrorCondition.allCases, StanzaErrorType.allCases)
    func roundTripsEveryType(_ condition: StanzaErrorCondition, _ type: StanzaErrorType) {
        let error = StanzaError(condition, type: type)
        #expect(error.element[attribute: "type"] == type.rawValue)
        #expect(StanzaError(element: error.element) == error)
    }

    @Test(arguments: StanzaErrorCondition.allCases)
    func roundTripsByTextLangAndApplicationCondition(_ condition: StanzaErrorCondition) {
        let app = XMLElement(name: "invalid-jid", namespace: "http://jabber.org/protocol/pubsub#errors")
        let error = StanzaError(
            condition, text: "Ça ne va pas", lang: "fr", by: "pubsub.example.net", applicationCondition: app
        )
        #expect(
            error.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<error type='\(condition.defaultType.rawValue)' by='pubsub.example.net'>"
                + "<\(condition.rawValue) xmlns='\(Self.stanzas)'/>"
                + "<text xmlns='\(Self.stanzas)' xml:lang='fr'>Ça ne va pas</text>"
                + "<invalid-jid xmlns='http://jabber.org/protocol/pubsub#errors'/></error>"
        )
        #expect(StanzaError(element: error.element) == error)
    }

    @Test(arguments: StanzaErrorCondition.allCases)
    func roundTripsTextWithoutLang(_ condition: StanzaErrorCondition) {
        let error = StanzaError(condition, text: "a < b")
        #expect(
            error.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<error type='\(condition.defaultType.rawValue)'><\(condition.rawValue) xmlns='\(Self.stanzas)'/>"
                + "<text xmlns='\(Self.stanzas)'>a &lt; b</text></error>"
        )
        #expect(StanzaError(element: error.element) == error)
    }

    @Test(arguments: [StanzaErrorCondition.gone, .redirect])
    func goneAndRedirectCarryTheAlternateAddress(_ condition: StanzaErrorCondition) {
        let error = StanzaError(condition, alternateAddress: "xmpp:romeo@afterlife.example.net")
        #expect(
            error.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<error type='\(condition.defaultType.rawValue)'><\(condition.rawValue) xmlns='\(Self.stanzas)'>"
                + "xmpp:romeo@afterlife.example.net</\(condition.rawValue)></error>"
        )
        let parsed = StanzaError(element: error.element)
        #expect(parsed == error)
        #expect(parsed?.alternateAddress == "xmpp:romeo@afterlife.example.net")
    }

    @Test func otherConditionsCarryNoAddress() {
        let error = StanzaError(.itemNotFound, alternateAddress: "xmpp:ignored@example.net")
        #expect(error.element.child("item-not-found", namespace: Self.stanzas)?.children.isEmpty == true)
        var element = XMLElement(name: "error", namespace: XMLNamespace.client)
        element.append(XMLElement(name: "item-not-found", namespace: Self.stanzas, text: "stray"))
        #expect(StanzaError(element: element)?.alternateAddress == nil)
    }

    @Test func exactWireFormInTheServerNamespace() {
        let error = StanzaError(.serviceUnavailable)
        let element = error.element(namespace: XMLNamespace.server)
        #expect(element.namespace == XMLNamespace.server)
        #expect(
            element.serialized(inheritedNamespace: XMLNamespace.server)
                == "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
        )
        #expect(
            element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<error xmlns='jabber:server' type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
        )
        #expect(StanzaError(element: element) == error)
    }

    @Test func missingOrUnknownTypeReadsAsTheDefault() {
        var element = XMLElement(name: "error", namespace: XMLNamespace.client)
        element.append(XMLElement(name: "forbidden", namespace: Self.stanzas))
        #expect(StanzaError(element: element)?.type == .auth)
        element[attribute: "type"] = "later"
        #expect(StanzaError(element: element)?.type == .auth)
        element[attribute: "type"] = "continue"
        #expect(StanzaError(element: element)?.type == .continue)
    }

    @Test func unknownConditionReadsAsUndefinedCondition() {
        var element = XMLElement(name: "error", namespace: XMLNamespace.client, attributes: [
            XMLAttribute(name: "code", value: "402"), XMLAttribute(name: "type", value: "auth"),
        ])
        element.append(XMLElement(name: "payment-required", namespace: Self.stanzas))
        let error = StanzaError(element: element)
        #expect(error == StanzaError(.undefinedCondition, type: .auth))
    }

    @Test func rejectsElementsThatAreNotStanzaErrors() {
        // No condition.
        var noCondition = XMLElement(name: "error", namespace: XMLNamespace.client)
        noCondition.append(XMLElement(name: "text", namespace: Self.stanzas, text: "only text"))
        #expect(StanzaError(element: noCondition) == nil)
        // A stream error.
        var streamError = XMLElement(name: "error", namespace: XMLNamespace.streams)
        streamError.append(XMLElement(name: "conflict", namespace: Self.stanzas))
        #expect(StanzaError(element: streamError) == nil)
        // Another element.
        #expect(StanzaError(element: XMLElement(name: "body", namespace: XMLNamespace.client)) == nil)
    }

    @Test func firstConditionTextAndApplicationConditionWin() {
        var element = XMLElement(name: "error", namespace: XMLNamespace.client)
        element.append(XMLElement(name: "conflict", namespace: Self.stanzas))
        element.append(XMLElement(name: "gone", namespace: Self.stanzas))
        element.append(XMLElement(name: "text", namespace: Self.stanzas, text: "one"))
        element.append(XMLElement(name: "text", namespace: Self.stanzas, text: "two"))
        element.append(XMLElement(name: "a", namespace: "urn:example:a"))
        element.append(XMLElement(name: "b", namespace: "urn:example:b"))
        let error = StanzaError(element: element)
        #expect(error?.condition == .conflict)
        #expect(error?.text == "one")
        #expect(error?.applicationCondition == XMLElement(name: "a", namespace: "urn:example:a"))
    }

    @Test func isAnErrorWithADescription() {
        let thrown: any Error = StanzaError(.badRequest, text: "no")
        #expect(thrown as? StanzaError == StanzaError(.badRequest, text: "no"))
        #expect(StanzaError(.badRequest, text: "no").description == "stanza error bad-request (modify): no")
        #expect(
            StanzaError(.redirect, by: "example.net", alternateAddress: "xmpp:x@example.org").description
                == "stanza error redirect (modify) → xmpp:x@example.org by example.net"
        )
    }
}
