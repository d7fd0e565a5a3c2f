/// A stream of typical c2s stanzas: chat messages, presence with caps,
/// pings and roster results, in a fixed mix.
enum SampleStream {
    static let header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
        + "xmlns:stream='http://etherx.jabber.org/streams' from='alpha.test' id='s1' version='1.0' xml:lang='en'>"

    static func stanza(_ index: Int) -> String {
        switch index % 4 {
        case 0, 1:
            return "<message from='alice@alpha.test/phone' to='bob@bravo.test' type='chat' id='m\(index)'>"
                + "<body>Message number \(index): meet at the north gate at 10:00 &amp; bring the maps.</body>"
                + "<thread>t\(index % 17)</thread>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>"
        case 2:
            return "<presence from='carol@alpha.test/desk' id='p\(index)'><show>away</show>"
                + "<status>In a meeting</status><priority>5</priority>"
                + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://xmpplab.test' "
                + "ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>"
        default:
            return "<iq type='result' id='r\(index)' to='dave@alpha.test/laptop'>"
                + "<query xmlns='jabber:iq:roster' ver='v\(index)'>"
                + "<item jid='erin@bravo.test' name='Erin' subscription='both'><group>Friends</group></item>"
                + "<item jid='frank@charlie.test' subscription='to'/></query></iq>"
        }
    }

    /// The header followed by `count` stanzas, as bytes.
    static func bytes(stanzas count: Int) -> [UInt8] {
        var text = header
        text.reserveCapacity(count * 260)
        for index in 0..<count { text += stanza(index) }
        return Array(text.utf8)
    }
}
