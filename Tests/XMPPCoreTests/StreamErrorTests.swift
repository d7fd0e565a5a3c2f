import Testing

@testable import XMPPCore

/// `StreamError` (RFC 6120 §4.9): every defined condition to the wire and
/// back.
struct StreamErrorTests {
    private static let streams = "http://etherx.jabber.org/streams"
    private static let conditions = "urn:ietf:params:xml:ns:xmpp-streams"

    @Test func definesEveryConditionOfRFC6120() {
        #expect(StreamErrorCondition.allCases.count == 25)
        #expect(StreamErrorCondition.allCases.map(\.rawValue) == [
            "bad-format", "bad-namespace-prefix", "conflict", "connection-timeout", "host-gone",
            "host-unknown", "improper-addressing", "internal-server-error", "invalid-from",
            "invalid-namespace", "invalid-xml", "not-authorized", "not-well-formed", "policy-violation",
            "remote-connection-failed", "reset", "resource-constraint", "restricted-xml", "see-other-host",
            "system-shutdown", "undefined-condition", "unsupported-encoding", "unsupported-feature",
            "unsupported-stanza-type", "unsupported-version",
        ])
    }

    /// `see-other-host` MUST name the alternate host (RFC 6120 §4.9.3.19),
    /// so every condition is written with one there.
    private static func host(for condition: StreamErrorCondition) -> String? {
        condition == .seeOtherHost ? "example.org" : nil
    }

    /// `<condition xmlns='…streams'/>`, or with the host as content.
    private static func conditionXML(_ condition: StreamErrorCondition) -> String {
        if let host = host(for: condition) {
            return "<\(condition.rawValue) xmlns='\(conditions)'>\(host)</\(condition.rawValue)>"
        }
        return "<\(condition.rawValue) xmlns='\(conditions)'/>"
    }

    @Test(arguments: StreamErrorCondition.allCases)
    func roundTripsBareCondition(_ condition: StreamErrorCondition) {
        let error = StreamError(condition, alternateHost: Self.host(for: condition))
        let expected = "<error xmlns='\(Self.streams)'>\(Self.conditionXML(condition))</error>"
        #expect(error.element.serialized(inheritedNamespace: XMLNamespace.client) == expected)
        #expect(StreamError(element: error.element) == error)
    }

    @Test(arguments: StreamErrorCondition.allCases)
    func roundTripsConditionWithTextAndLang(_ condition: StreamErrorCondition) {
        let error = StreamError(condition, text: "Détails <ici> & là", lang: "fr", alternateHost: Self.host(for: condition))
        let expected = "<error xmlns='\(Self.streams)'>\(Self.conditionXML(condition))"
            + "<text xmlns='\(Self.conditions)' xml:lang='fr'>Détails &lt;ici&gt; &amp; là</text></error>"
        #expect(error.element.serialized(inheritedNamespace: XMLNamespace.client) == expected)
        #expect(StreamError(element: error.element) == error)
    }

    @Test(arguments: StreamErrorCondition.allCases)
    func roundTripsConditionWithTextWithoutLang(_ condition: StreamErrorCondition) {
        let error = StreamError(condition, text: "details", alternateHost: Self.host(for: condition))
        let expected = "<error xmlns='\(Self.streams)'>\(Self.conditionXML(condition))"
            + "<text xmlns='\(Self.conditions)'>details</text></error>"
        #expect(error.element.serialized(inheritedNamespace: XMLNamespace.client) == expected)
        #expect(StreamError(element: error.element) == error)
    }

    /// A `see-other-host` without a host (which RFC 6120 §4.9.3.19 does not
    /// allow) still round-trips: the empty host reads back as `nil`.
    @Test func seeOtherHostWithoutHostRoundTrips() {
        let error = StreamError(.seeOtherHost)
        #expect(
            error.element.serialized(inheritedNamespace: Self.streams)
                == "<error><see-other-host xmlns='\(Self.conditions)'/></error>"
        )
        #expect(StreamError(element: error.element) == error)
    }

    @Test func seeOtherHostCarriesTheAlternateHost() {
        let error = StreamError(.seeOtherHost, alternateHost: "[2001:db8::1]:5222")
        #expect(
            error.element.serialized(inheritedNamespace: Self.streams)
                == "<error><see-other-host xmlns='\(Self.conditions)'>[2001:db8::1]:5222</see-other-host></error>"
        )
        let parsed = StreamError(element: error.element)
        #expect(parsed == error)
        #expect(parsed?.alternateHost == "[2001:db8::1]:5222")
    }

    @Test func exactWireFormWithApplicationCondition() {
        let app = XMLElement(name: "escape-your-data", namespace: "urn:example:errors")
        let error = StreamError(.conflict, text: "Replaced by new connection", lang: "en", applicationCondition: app)
        #expect(
            error.element.serialized(inheritedNamespace: Self.streams)
                == "<error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>Replaced by new connection</text>"
                + "<escape-your-data xmlns='urn:example:errors'/></error>"
        )
        #expect(StreamError(element: error.element) == error)
    }

    @Test func unknownConditionReadsAsUndefinedCondition() {
        var element = XMLElement(name: "error", namespace: Self.streams)
        element.append(XMLElement(name: "made-up", namespace: Self.conditions))
        #expect(StreamError(element: element)?.condition == .undefinedCondition)
    }

    @Test func rejectsOtherElements() {
        #expect(StreamError(element: XMLElement(name: "error", namespace: Self.streams)) == nil)
        var stanzaError = XMLElement(name: "error", namespace: XMLNamespace.client)
        stanzaError.append(XMLElement(name: "conflict", namespace: Self.conditions))
        #expect(StreamError(element: stanzaError) == nil)
    }

    @Test func describesItself() {
        #expect(StreamError(.hostUnknown, text: "no such host").description == "stream error host-unknown: no such host")
    }
}
