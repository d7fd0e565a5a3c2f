@testable import XMPPCore

/// Helpers shared by the parser tests.
enum TestStreams {
    static let header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
        + "xmlns:stream='http://etherx.jabber.org/streams' to='alpha.test' version='1.0'>"

    /// A stream exercising what chunking can break: multibyte UTF-8 in names,
    /// text and attributes, entity and character references, CDATA, nested
    /// and namespaced elements, whitespace between stanzas.
    static let rich = "<?xml version='1.0' encoding='UTF-8'?>"
        + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
        + "xmlns:db='jabber:server:dialback' from='alpha.test' to='bravo.test' id='a&amp;b' version='1.0' xml:lang='en'>"
        + "<message to='bob@bravo.test' id='é1' type='chat'><body>Grüße, 日本 😀 &amp; &lt;tags&gt; &#x1F600; &#233;</body>"
        + "<thread parent='p&apos;1'>t&quot;1</thread></message>\n  \t"
        + "<presence><status><![CDATA[<raw> & text]]></status><priority>-5</priority>"
        + "<c xmlns='http://jabber.org/protocol/caps' node='n' ver='v=='/></presence> "
        + "<iq type='get' id='q1'><query xmlns='jabber:iq:roster' xmlns:x='urn:x' x:flag='yes'/></iq>"
        + "<db:result from='alpha.test' to='bravo.test'>98AF014EDC0</db:result>"
        + "<message xml:lang='de'><body>Ünïcödé ☃</body><x:data xmlns:x='urn:x'><x:field x:var='1'>v</x:field></x:data></message>"
        + "</stream:stream>"

    static func events(_ text: String, limits: XMLStreamParser.Limits = .init()) -> [XMLStreamEvent] {
        XMLStreamParser(limits: limits).feed(text)
    }

    /// Feeds `bytes` split at the given offsets.
    static func events(_ bytes: [UInt8], splitAt offsets: [Int]) -> [XMLStreamEvent] {
        let parser = XMLStreamParser()
        var events: [XMLStreamEvent] = []
        var start = 0
        for offset in offsets + [bytes.count] where offset >= start {
            events += parser.feed(bytes[start..<offset])
            start = offset
        }
        return events
    }

    /// The error condition a stream ends with, if any.
    static func failure(_ events: [XMLStreamEvent]) -> StreamErrorCondition? {
        if case .failed(let error)? = events.last { return error.condition }
        return nil
    }

    static func stanzas(_ events: [XMLStreamEvent]) -> [XMLElement] {
        events.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }
}
