import Testing

@testable import XMPPCore

/// The typed stanza views (RFC 6120 §8, RFC 6121 §4.7, §5.2) and reply
/// builders (RFC 6120 §8.2.3, §8.3.1).
struct StanzaTests {
    private static let stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas"

    private static func element(
        _ name: String,
        namespace: String? = XMLNamespace.client,
        _ attributes: KeyValuePairs<String, String> = [:],
        children: [XMLElement] = []
    ) -> XMLElement {
        var element = XMLElement(name: name, namespace: namespace)
        for (key, value) in attributes {
            if key == "xml:lang" { element.lang = value } else { element[attribute: key] = value }
        }
        for child in children { element.append(child) }
        return element
    }

    private static func child(_ name: String, _ text: String = "", lang: String? = nil) -> XMLElement {
        var element = XMLElement(name: name, namespace: XMLNamespace.client, text: text)
        element.lang = lang
        return element
    }

    private static let ping = XMLElement(name: "ping", namespace: XMLNamespace.ping)
    private static let roster = XMLElement(name: "query", namespace: XMLNamespace.roster)

    // MARK: - Accepting elements

    @Test func viewsAcceptOnlyTheirOwnElementInAStanzaNamespace() {
        for namespace in [XMLNamespace.client, XMLNamespace.server] {
            #expect(Message(Self.element("message", namespace: namespace)) != nil)
            #expect(Presence(Self.element("presence", namespace: namespace)) != nil)
            #expect(IQ(Self.element("iq", namespace: namespace, ["type": "get"])) != nil)
        }
        for namespace in [nil, XMLNamespace.streams, "jabber:component:accept"] {
            #expect(Message(Self.element("message", namespace: namespace)) == nil)
            #expect(Presence(Self.element("presence", namespace: namespace)) == nil)
            #expect(IQ(Self.element("iq", namespace: namespace, ["type": "get"])) == nil)
        }
        #expect(Message(Self.element("presence")) == nil)
        #expect(Presence(Self.element("message")) == nil)
        #expect(IQ(Self.element("message", ["type": "get"])) == nil)
    }

    // MARK: - Common attributes (RFC 6120 §8.1)

    @Test func commonAttributes() throws {
        var message = try #require(Message(Self.element("message", [
            "from": "juliet@example.com/balcony", "to": "romeo@example.net", "id": "ktx72v49",
        ])))
        #expect(message.rawFrom == "juliet@example.com/balcony")
        #expect(message.rawTo == "romeo@example.net")
        #expect(message.from == (try JID("juliet@example.com/balcony")))
        #expect(message.to == (try JID("romeo@example.net")))
        #expect(message.id == "ktx72v49")
        #expect(message.lang == nil)

        message.lang = "en"
        #expect(message.element.lang == "en")
        message.id = nil
        #expect(message.element[attribute: "id"] == nil)
        message.to = try JID("benvolio@example.net/home")
        #expect(message.rawTo == "benvolio@example.net/home")
        message.from = nil
        #expect(message.rawFrom == nil)
        #expect(message.from == nil)
    }

    @Test(arguments: ["", "romeo@", "@example.net", "juliet@example.com/"])
    func malformedAddressesReadAsNilButStayRaw(_ raw: String) throws {
        let presence = try #require(Presence(Self.element("presence", ["to": raw, "from": raw])))
        #expect(presence.to == nil)
        #expect(presence.from == nil)
        #expect(presence.rawTo == raw)
        #expect(presence.rawFrom == raw)
    }

    @Test func absentAddressesReadAsNil() throws {
        let presence = try #require(Presence(Self.element("presence")))
        #expect(presence.to == nil && presence.rawTo == nil)
        #expect(presence.from == nil && presence.rawFrom == nil)
        #expect(presence.id == nil && presence.lang == nil && presence.error == nil)
    }

    @Test func errorChildIsParsedAndCanBeSet() throws {
        let error = StanzaError(.recipientUnavailable, text: "later")
        var element = Self.element("message", ["type": "error"], children: [Self.child("body", "hi")])
        element.append(error.element)
        var message = try #require(Message(element))
        #expect(message.error == error)

        message.error = StanzaError(.gone, alternateAddress: "xmpp:juliet@example.org")
        #expect(message.element.children("error").count == 1)
        #expect(message.error?.condition == .gone)
        message.error = nil
        #expect(message.element.child("error") == nil)

        // In jabber:server, the error is in jabber:server too.
        var server = Presence(type: .error, namespace: XMLNamespace.server)
        server.error = StanzaError(.remoteServerTimeout)
        #expect(server.element.child("error")?.namespace == XMLNamespace.server)
        #expect(server.error == StanzaError(.remoteServerTimeout))
    }

    // MARK: - Message (RFC 6121 §5.2)

    @Test func messageBuilderExactWireForm() throws {
        let message = Message(
            type: .chat, to: try JID("romeo@example.net"), from: try JID("juliet@example.com/balcony"),
            id: "m1", body: "Wherefore art thou?"
        )
        #expect(
            message.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<message type='chat' to='romeo@example.net' from='juliet@example.com/balcony' id='m1'>"
                + "<body>Wherefore art thou?</body></message>"
        )
        #expect(
            Message(lang: "en", namespace: XMLNamespace.server).element.serialized(inheritedNamespace: XMLNamespace.server)
                == "<message type='normal' xml:lang='en'/>"
        )
        #expect(Message().description == "<message xmlns='jabber:client' type='normal'/>")
    }

    @Test(arguments: MessageType.allCases)
    func messageTypeRoundTrips(_ type: MessageType) {
        var message = Message(type: type)
        #expect(message.element[attribute: "type"] == type.rawValue)
        #expect(Message(message.element)?.type == type)
        message.type = .headline
        #expect(message.rawType == "headline")
    }

    @Test(arguments: [nil, "", "Chat", "broadcast"] as [String?])
    func absentOrUnknownMessageTypeIsNormal(_ raw: String?) throws {
        var element = Self.element("message")
        element[attribute: "type"] = raw
        #expect(try #require(Message(element)).type == .normal)
    }

    @Test func bodiesByLanguage() throws {
        let element = Self.element("message", ["xml:lang": "en"], children: [
            Self.child("body", "Hello"),
            Self.child("body", "Hallo", lang: "de"),
            Self.child("body", "Bonjour", lang: "fr-CA"),
            Self.child("subject", "Greeting"),
            Self.child("subject", "Gruß", lang: "de"),
        ])
        let message = try #require(Message(element))
        #expect(message.body == "Hello")
        #expect(message.body(lang: nil) == "Hello")
        #expect(message.body(lang: "de") == "Hallo")
        #expect(message.body(lang: "fr-ca") == "Bonjour")
        #expect(message.body(lang: "en") == "Hello")  // the stanza's own language
        #expect(message.body(lang: "it") == nil)
        #expect(message.bodies == [nil: "Hello", "de": "Hallo", "fr-CA": "Bonjour"])
        #expect(message.subject == "Greeting")
        #expect(message.subject(lang: "de") == "Gruß")
        #expect(message.subjects == [nil: "Greeting", "de": "Gruß"])
    }

    @Test func bodyWithoutUntaggedOneFallsBackToTheFirst() throws {
        let message = try #require(Message(Self.element("message", children: [
            Self.child("body", "Hallo", lang: "de"), Self.child("body", "Hello", lang: "en"),
        ])))
        #expect(message.body == "Hallo")
        #expect(message.body(lang: "en") == "Hello")
        #expect(Message().body == nil)
        #expect(Message().bodies.isEmpty)
    }

    @Test func bodiesInOtherNamespacesAreIgnored() throws {
        var element = Self.element("message")
        element.append(XMLElement(name: "body", namespace: "http://www.w3.org/1999/xhtml", text: "<p/>"))
        #expect(try #require(Message(element)).body == nil)
    }

    @Test func settingBodiesAndSubjects() {
        var message = Message(id: "m1", body: "one")
        message.setBody("zwei", lang: "de")
        message.body = "two"
        #expect(
            message.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<message type='normal' id='m1'><body>two</body><body xml:lang='de'>zwei</body></message>"
        )
        message.setBody(nil, lang: "de")
        message.subject = "topic"
        #expect(
            message.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<message type='normal' id='m1'><body>two</body><subject>topic</subject></message>"
        )
        message.body = nil
        message.setSubject(nil)
        #expect(message.element.children.isEmpty)
    }

    @Test func threadAndParent() throws {
        var message = Message(type: .chat)
        #expect(message.thread == nil && message.threadParent == nil)
        message.threadParent = "ignored"  // no <thread/> yet
        #expect(message.threadParent == nil)
        message.setThread("e0ffe42b28561960c6b12b944a092794b9683a38", parent: "7edac73ab41e45c4aafa7b2d7b749080")
        #expect(
            message.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<message type='chat'><thread parent='7edac73ab41e45c4aafa7b2d7b749080'>"
                + "e0ffe42b28561960c6b12b944a092794b9683a38</thread></message>"
        )
        message.thread = "t2"
        #expect(message.thread == "t2")
        #expect(message.threadParent == "7edac73ab41e45c4aafa7b2d7b749080")
        message.threadParent = nil
        #expect(message.element.child("thread")?.attributes.isEmpty == true)
        message.thread = nil
        #expect(message.element.children.isEmpty)

        let parsed = try #require(Message(Self.element("message", children: [
            Self.element("thread", ["parent": "p"], children: []),
        ])))
        #expect(parsed.thread == "")
        #expect(parsed.threadParent == "p")
    }

    // MARK: - Presence (RFC 6121 §4.7)

    @Test func presenceBuilderExactWireForm() throws {
        #expect(Presence().element.serialized(inheritedNamespace: XMLNamespace.client) == "<presence/>")
        let presence = Presence(
            to: try JID("romeo@example.net"), show: .away, status: "In the orchard", priority: -1
        )
        #expect(
            presence.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<presence to='romeo@example.net'><show>away</show><status>In the orchard</status>"
                + "<priority>-1</priority></presence>"
        )
        #expect(
            Presence(type: .subscribe, to: try JID("juliet@example.com"), id: "sub1")
                .element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<presence type='subscribe' to='juliet@example.com' id='sub1'/>"
        )
    }

    @Test func absentTypeIsAvailable() throws {
        var presence = try #require(Presence(Self.element("presence")))
        #expect(presence.type == nil)
        presence.type = .unavailable
        #expect(presence.rawType == "unavailable")
        presence.type = nil
        #expect(presence.element.attributes.isEmpty)
    }

    @Test(arguments: PresenceType.defined)
    func definedPresenceTypesRoundTrip(_ type: PresenceType) throws {
        let presence = try #require(Presence(Presence(type: type).element))
        #expect(presence.type == type)
        #expect(presence.type?.isValid == true)
        #expect(PresenceType(rawValue: type.rawValue) == type)
    }

    @Test(arguments: ["available", "", "Subscribe", "invisible"])
    func undefinedPresenceTypeIsInvalid(_ raw: String) throws {
        let presence = try #require(Presence(Self.element("presence", ["type": raw])))
        #expect(presence.type == .invalid(raw))
        #expect(presence.type?.isValid == false)
        #expect(presence.type?.rawValue == raw)
        #expect(Presence.validate(presence.element)?.condition == .badRequest)
    }

    @Test(arguments: PresenceShow.allCases)
    func showRoundTrips(_ show: PresenceShow) throws {
        var presence = Presence(show: show)
        #expect(Presence(presence.element)?.show == show)
        #expect(Presence.validate(presence.element) == nil)
        presence.show = nil
        #expect(presence.element.child("show") == nil)
    }

    @Test func unknownShowIsNilAndInvalid() throws {
        let presence = try #require(Presence(Self.element("presence", children: [Self.child("show", "busy")])))
        #expect(presence.show == nil)
        #expect(Presence.validate(presence.element)?.condition == .badRequest)
        let twice = Self.element("presence", children: [Self.child("show", "away"), Self.child("show", "xa")])
        #expect(Presence.validate(twice)?.condition == .badRequest)
    }

    @Test func statusesByLanguage() throws {
        var presence = try #require(Presence(Self.element("presence", ["xml:lang": "en"], children: [
            Self.child("status", "Sleeping"), Self.child("status", "Dort", lang: "fr"),
        ])))
        #expect(presence.status == "Sleeping")
        #expect(presence.status(lang: "fr") == "Dort")
        #expect(presence.status(lang: "EN") == "Sleeping")
        #expect(presence.statuses == [nil: "Sleeping", "fr": "Dort"])
        presence.setStatus("Schläft", lang: "de")
        presence.status = nil
        #expect(presence.statuses == ["fr": "Dort", "de": "Schläft"])
    }

    @Test(arguments: [Int8.min, -1, 0, 1, 42, Int8.max])
    func priorityInRange(_ priority: Int8) throws {
        let presence = try #require(Presence(Presence(priority: priority).element))
        #expect(presence.priority == priority)
        #expect(try presence.validatedPriority() == priority)
        #expect(Presence.validate(presence.element) == nil)
    }

    @Test(arguments: ["-128", "127", "+5", "007", " 12\n", "\t-3 "])
    func priorityTextAccepted(_ text: String) throws {
        let presence = try #require(Presence(Self.element("presence", children: [Self.child("priority", text)])))
        let expected: Int8 = switch text {
        case "-128": -128
        case "127": 127
        case "+5": 5
        case "007": 7
        case " 12\n": 12
        default: -3
        }
        #expect(presence.priority == expected)
        #expect(try presence.validatedPriority() == expected)
    }

    @Test(arguments: ["128", "-129", "1000", "99999999999999999999", "", "abc", "1.5", "5 5", "0x10"])
    func priorityOutOfRangeOrMalformed(_ text: String) throws {
        let presence = try #require(Presence(Self.element("presence", children: [Self.child("priority", text)])))
        #expect(presence.priority == 0)
        do {
            let value = try presence.validatedPriority()
            Issue.record("accepted priority '\(text)' as \(value)")
        } catch {
            #expect(error.condition == .badRequest)
            #expect(error.type == .modify)
        }
        #expect(Presence.validate(presence.element)?.condition == .badRequest)
    }

    @Test func absentPriorityIsZeroAndRepeatedIsInvalid() throws {
        var presence = Presence()
        #expect(presence.priority == 0)
        #expect(try presence.validatedPriority() == 0)
        presence.priority = 0
        #expect(presence.element.serialized(inheritedNamespace: XMLNamespace.client) == "<presence><priority>0</priority></presence>")
        presence.priority = -128
        #expect(presence.element.children("priority").count == 1)
        #expect(presence.priority == -128)
        presence.removePriority()
        #expect(presence.element.children.isEmpty)

        let twice = Self.element("presence", children: [Self.child("priority", "1"), Self.child("priority", "2")])
        #expect(throws: StanzaError.self) { try Presence(twice)!.validatedPriority() }
        #expect(Presence(twice)?.priority == 0)
    }

    @Test func presenceValidation() throws {
        #expect(Presence.validate(Presence(type: .probe).element) == nil)
        #expect(Presence.validate(Self.element("message"))?.condition == .badRequest)
        #expect(Presence.validate(Presence(type: .error).element)?.condition == .badRequest)
        var error = Presence(type: .error)
        error.error = StanzaError(.notAuthorized)
        #expect(Presence.validate(error.element) == nil)
    }

    // MARK: - IQ (RFC 6120 §8.2.3)

    @Test func iqBuilderExactWireForm() throws {
        let iq = IQ(type: .get, to: try JID("example.net"), id: "i1", payload: Self.ping)
        #expect(
            iq.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<iq type='get' to='example.net' id='i1'><ping xmlns='urn:xmpp:ping'/></iq>"
        )
        #expect(iq.type == .get)
        #expect(iq.payload == Self.ping)
        #expect(IQ.validate(iq.element) == nil)
        #expect(
            IQ(type: .result, from: try JID("example.net"), id: "i1", namespace: XMLNamespace.server)
                .element.serialized(inheritedNamespace: XMLNamespace.server)
                == "<iq type='result' from='example.net' id='i1'/>"
        )
    }

    @Test(arguments: IQType.allCases)
    func iqTypeRoundTrips(_ type: IQType) throws {
        var iq = try #require(IQ(Self.element("iq", ["type": type.rawValue, "id": "x"])))
        #expect(iq.type == type)
        #expect(type.isRequest == (type == .get || type == .set))
        iq.type = .set
        #expect(iq.rawType == "set")
    }

    @Test(arguments: [nil, "", "GET", "query"] as [String?])
    func iqWithoutADefinedTypeIsNoIQ(_ raw: String?) {
        var element = Self.element("iq", ["id": "x"], children: [Self.ping])
        element[attribute: "type"] = raw
        #expect(IQ(element) == nil)
        #expect(IQ.validate(element)?.condition == .badRequest)
    }

    /// (element, valid?) pairs for RFC 6120 §8.2.3's rules.
    static let iqCases: [(String, XMLElement, Bool)] = [
        ("get with one child", element("iq", ["type": "get", "id": "1"], children: [ping]), true),
        ("set with one child", element("iq", ["type": "set", "id": "1"], children: [roster]), true),
        ("result with no child", element("iq", ["type": "result", "id": "1"]), true),
        ("result with one child", element("iq", ["type": "result", "id": "1"], children: [roster]), true),
        ("error with error", element("iq", ["type": "error", "id": "1"], children: [StanzaError(.conflict).element]), true),
        ("error with payload and error", element("iq", ["type": "error", "id": "1"], children: [roster, StanzaError(.conflict).element]), true),
        ("missing id", element("iq", ["type": "get"], children: [ping]), false),
        ("empty id", element("iq", ["type": "get", "id": ""], children: [ping]), false),
        ("missing type", element("iq", ["id": "1"], children: [ping]), false),
        ("unknown type", element("iq", ["type": "fetch", "id": "1"], children: [ping]), false),
        ("get with no child", element("iq", ["type": "get", "id": "1"]), false),
        ("get with only text", { var e = element("iq", ["type": "get", "id": "1"]); e.append(text: "ping"); return e }(), false),
        ("set with no child", element("iq", ["type": "set", "id": "1"]), false),
        ("get with two children", element("iq", ["type": "get", "id": "1"], children: [ping, roster]), false),
        ("set with two children", element("iq", ["type": "set", "id": "1"], children: [roster, roster]), false),
        ("result with two children", element("iq", ["type": "result", "id": "1"], children: [roster, ping]), false),
        ("error without error", element("iq", ["type": "error", "id": "1"], children: [roster]), false),
        ("not an iq", element("message", ["type": "get", "id": "1"], children: [ping]), false),
        ("iq in no namespace", element("iq", namespace: nil, ["type": "get", "id": "1"], children: [ping]), false),
    ]

    @Test(arguments: iqCases)
    func iqValidation(_ name: String, _ element: XMLElement, _ valid: Bool) {
        let error = IQ.validate(element)
        if valid {
            #expect(error == nil, "\(name)")
        } else {
            #expect(error?.condition == .badRequest, "\(name)")
            #expect(error?.type == .modify, "\(name)")
            #expect(error?.text != nil, "\(name)")
        }
    }

    @Test func iqPayload() throws {
        let result = try #require(IQ(Self.element("iq", ["type": "result", "id": "1"])))
        #expect(result.payload == nil)

        let error = StanzaError(.itemNotFound)
        let echoed = try #require(IQ(Self.element("iq", ["type": "error", "id": "1"], children: [Self.roster, error.element])))
        #expect(echoed.payload == Self.roster)
        #expect(echoed.error == error)
        let bare = try #require(IQ(Self.element("iq", ["type": "error", "id": "1"], children: [error.element])))
        #expect(bare.payload == nil)
        #expect(bare.error == error)

        var iq = bare
        iq.payload = Self.ping
        #expect(iq.element.elements.map(\.name) == ["ping", "error"])
        iq.payload = Self.roster
        #expect(iq.element.elements.map(\.name) == ["query", "error"])
        iq.payload = nil
        #expect(iq.element.elements.map(\.name) == ["error"])

        var get = IQ(type: .get, id: "2", payload: Self.ping)
        get.payload = Self.roster
        #expect(get.element.elements == [Self.roster])
    }

    // MARK: - Replies (RFC 6120 §8.2.3, §8.3.1)

    @Test func iqResultSwapsAddressesAndKeepsID() throws {
        let request = IQ(
            type: .get, to: try JID("example.com"), from: try JID("juliet@example.com/balcony"), id: "rr82a1z7",
            payload: Self.roster
        )
        let result = IQ.result(for: request)
        #expect(
            result.element.serialized(inheritedNamespace: XMLNamespace.client)
                == "<iq type='result' to='juliet@example.com/balcony' from='example.com' id='rr82a1z7'/>"
        )
        #expect(result.type == .result)
        #expect(result.to == request.from)
        #expect(result.from == request.to)
        #expect(IQ.validate(result.element) == nil)

        var item = XMLElement(name: "query", namespace: XMLNamespace.roster)
        item.append(XMLElement(name: "item", namespace: XMLNamespace.roster, attributes: [XMLAttribute(name: "jid", value: "romeo@example.net")]))
        let withPayload = IQ.result(for: request, payload: item)
        #expect(withPayload.payload == item)
        #expect(withPayload.id == "rr82a1z7")
    }

    @Test func iqResultWithoutAddressesAndInTheServerNamespace() throws {
        let request = try #require(IQ(Self.element("iq", namespace: XMLNamespace.server, ["type": "get", "id": "p1"], children: [Self.ping])))
        let result = IQ.result(for: request)
        #expect(result.element.namespace == XMLNamespace.server)
        #expect(result.element.serialized(inheritedNamespace: XMLNamespace.server) == "<iq type='result' id='p1'/>")
    }

    @Test func errorReplyToAnIQ() throws {
        let request = try #require(IQ(Self.element("iq", [
            "from": "juliet@example.com/balcony", "to": "example.com", "id": "ix61z", "type": "set",
        ], children: [Self.roster])))
        let reply = try #require(request.errorReply(StanzaError(.serviceUnavailable)))
        #expect(
            reply.serialized(inheritedNamespace: XMLNamespace.client)
                == "<iq to='juliet@example.com/balcony' from='example.com' id='ix61z' type='error'>"
                + "<query xmlns='jabber:iq:roster'/>"
                + "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
        )
        let parsed = try #require(IQ(reply))
        #expect(parsed.type == .error)
        #expect(parsed.to == request.from)
        #expect(parsed.from == request.to)
        #expect(parsed.id == request.id)
        #expect(parsed.payload == Self.roster)
        #expect(parsed.error == StanzaError(.serviceUnavailable))
        #expect(IQ.validate(reply) == nil)
    }

    @Test func errorReplyWithoutTheOriginalPayload() throws {
        let request = IQ(type: .get, to: try JID("example.net"), id: "i9", payload: Self.ping)
        let reply = try #require(request.errorReply(StanzaError(.featureNotImplemented), includeOriginal: false))
        #expect(
            reply.serialized(inheritedNamespace: XMLNamespace.client)
                == "<iq type='error' from='example.net' id='i9'>"
                + "<error type='cancel'><feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
        )
    }

    @Test func errorReplyToAMessageKeepsBodyAndLanguage() throws {
        let message = Message(
            to: try JID("romeo@example.net"), from: try JID("juliet@example.com/balcony"), id: "m7", body: "Hi",
            lang: "en"
        )
        let error = StanzaError(.itemNotFound, text: "no such user", lang: "en", by: "example.net")
        let reply = try #require(message.errorReply(error))
        #expect(
            reply.serialized(inheritedNamespace: XMLNamespace.client)
                == "<message type='error' from='romeo@example.net' to='juliet@example.com/balcony' id='m7' xml:lang='en'>"
                + "<body>Hi</body><error type='cancel' by='example.net'>"
                + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas' xml:lang='en'>no such user</text></error></message>"
        )
        let parsed = try #require(Message(reply))
        #expect(parsed.type == .error)
        #expect(parsed.error == error)
        #expect(parsed.body == "Hi")
    }

    @Test func errorReplyAddsTypeWhenTheOriginalHadNone() throws {
        let presence = Presence(to: try JID("juliet@example.com"), namespace: XMLNamespace.server)
        let reply = try #require(XMLElement.errorReply(to: presence.element, error: StanzaError(.remoteServerNotFound)))
        #expect(
            reply.serialized(inheritedNamespace: XMLNamespace.server)
                == "<presence from='juliet@example.com' type='error'>"
                + "<error type='cancel'><remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>"
        )
        #expect(reply.child("error")?.namespace == XMLNamespace.server)
    }

    @Test func neverAnswersAnErrorWithAnError() throws {
        let error = StanzaError(.conflict)
        var iq = IQ(type: .error, id: "e1")
        iq.error = error
        #expect(iq.errorReply(StanzaError(.badRequest)) == nil)
        #expect(Message(type: .error).errorReply(error) == nil)
        #expect(Presence(type: .error).errorReply(error) == nil)
        #expect(XMLElement.errorReply(to: Self.element("message", ["type": "error"]), error: error) == nil)
        // A raw element that is not an error gets its reply.
        #expect(XMLElement.errorReply(to: Self.element("message", ["type": "chat"]), error: error) != nil)
    }
}
