import XMPPCore

extension S2SIncomingStream {
    /// A stanza on an s2s stream (RFC 6120 §8.1.1.2, §8.1.2.2): `to` and
    /// `from` are required, and `from`'s domain must be authorized to send to
    /// `to`'s domain on this stream.
    mutating func routeStanza(_ element: XMLElement) -> [S2SIncomingAction] {
        if let violation = S2SStanzaAddressing.violation(in: element, hostedDomains: hostedDomains, authorizedPairs: authorizedPairs) {
            return close(violation)
        }
        return [.route(element)]
    }
}
