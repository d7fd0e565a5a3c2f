/// Which way a subscription stanza travels, from the point of view of the
/// server that hosts the user (RFC 6121 Appendix A).
public enum SubscriptionDirection: String, CaseIterable, Hashable, Sendable {
    /// Sent by one of the user's clients, towards the contact (Appendix A.2):
    /// the server may route it.
    case outbound
    /// Received from the contact, towards the user (Appendix A.3): the server
    /// may deliver it to the user's available resources.
    case inbound
}
