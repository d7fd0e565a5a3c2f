import Testing

@testable import XMPPCore

/// `SASLFailure` (RFC 6120 §6.4.5, §6.5).
struct SASLFailureTests {
    private static let sasl = "urn:ietf:params:xml:ns:xmpp-sasl"

    @Test func definesEveryConditionOfRFC6120() {
        #expect(SASLFailureCondition.allCases.map(\.rawValue) == [
            "aborted", "account-disabled", "credentials-expired", "encryption-required",
            "incorrect-encoding", "invalid-authzid", "invalid-mechanism", "malformed-request",
            "mechanism-too-weak", "not-authorized", "temporary-auth-failure",
        ])
    }

    @Test(arguments: SASLFailureCondition.allCases)
    func roundTripsBareCondition(_ condition: SASLFailureCondition) {
        let failure = SASLFailure(condition)
        #expect(
            failure.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<failure xmlns='\(Self.sasl)'><\(condition.rawValue)/></failure>"
        )
        #expect(SASLFailure(element: failure.element) == failure)
    }

    @Test(arguments: SASLFailureCondition.allCases)
    func roundTripsConditionWithText(_ condition: SASLFailureCondition) {
        let failure = SASLFailure(condition, text: "Call 212-555-1212 for help", lang: "en")
        #expect(
            failure.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<failure xmlns='\(Self.sasl)'><\(condition.rawValue)/>"
                + "<text xml:lang='en'>Call 212-555-1212 for help</text></failure>"
        )
        #expect(SASLFailure(element: failure.element) == failure)
    }

    @Test func exactWireForm() {
        let failure = SASLFailure(.accountDisabled, text: "Your account has been disabled.", lang: "en")
        #expect(
            failure.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><account-disabled/>"
                + "<text xml:lang='en'>Your account has been disabled.</text></failure>"
        )
        let withoutLang = SASLFailure(.notAuthorized, text: "nope")
        #expect(
            withoutLang.element.serialized(inheritedNamespace: Self.sasl)
                == "<failure><not-authorized/><text>nope</text></failure>"
        )
        #expect(SASLFailure(element: withoutLang.element) == withoutLang)
    }

    @Test func missingOrUnknownConditionReadsAsNotAuthorized() {
        #expect(SASLFailure(element: XMLElement(name: "failure", namespace: Self.sasl)) == SASLFailure(.notAuthorized))
        var unknown = XMLElement(name: "failure", namespace: Self.sasl)
        unknown.append(XMLElement(name: "transition-needed", namespace: Self.sasl))
        unknown.append(XMLElement(name: "text", namespace: Self.sasl, text: "why"))
        #expect(SASLFailure(element: unknown) == SASLFailure(.notAuthorized, text: "why"))
    }

    @Test func rejectsOtherElements() {
        #expect(SASLFailure(element: XMLElement(name: "failure", namespace: XMLNamespace.tls)) == nil)
        #expect(SASLFailure(element: XMLElement(name: "success", namespace: Self.sasl)) == nil)
    }

    @Test func describesItself() {
        #expect(SASLFailure(.aborted).description == "SASL failure aborted")
        #expect(SASLFailure(.malformedRequest, text: "bad").description == "SASL failure malformed-request: bad")
    }
}
