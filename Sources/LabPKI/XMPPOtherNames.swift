import SwiftASN1
import X509

/// The subjectAltName forms XMPP uses beyond dNSName (RFC 6120 §13.7.1.4).
enum XMPPOtherNames {
    /// id-on-xmppAddr, 1.3.6.1.5.5.7.8.5 (RFC 6120 §13.7.1.4): a UTF8String JID.
    static let xmppAddrOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 8, 5]
    /// id-on-dnsSRV, 1.3.6.1.5.5.7.8.7 (RFC 4985): an IA5String `_service.name`.
    static let srvNameOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 8, 7]

    static func xmppAddr(_ jid: String) throws -> GeneralName {
        .otherName(.init(typeID: xmppAddrOID, value: try ASN1Any(erasing: ASN1UTF8String(jid))))
    }

    static func srvName(_ name: String) throws -> GeneralName {
        .otherName(.init(typeID: srvNameOID, value: try ASN1Any(erasing: ASN1IA5String(name))))
    }

    /// The UTF8String inside an id-on-xmppAddr otherName, or nil for any other name.
    static func xmppAddr(of name: GeneralName.OtherName) -> String? {
        guard name.typeID == xmppAddrOID, let value = name.value,
            let string = try? ASN1UTF8String(asn1Any: value)
        else { return nil }
        return String(string)
    }

    /// The IA5String inside an id-on-dnsSRV otherName, or nil for any other name.
    static func srvName(of name: GeneralName.OtherName) -> String? {
        guard name.typeID == srvNameOID, let value = name.value,
            let string = try? ASN1IA5String(asn1Any: value)
        else { return nil }
        return String(string)
    }
}
