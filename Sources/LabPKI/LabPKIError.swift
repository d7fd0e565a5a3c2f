/// Why the lab's certificate authority refused to issue a certificate.
public enum LabPKIError: Error, Hashable, Sendable {
    /// The XMPP domain is empty, not ASCII, or not a DNS name. Certificates carry
    /// domains as IA5String dNSName and SRVName, so internationalized domains must
    /// be given in their A-label (Punycode) form.
    case invalidDomain(String)
    /// The JID is empty, carries a resource, or has no domain part.
    case invalidJID(String)
    /// The requested validity is not a positive, finite number of seconds.
    case invalidValidity
}
