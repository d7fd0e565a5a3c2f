import XMPPCore

/// What a server mechanism answers to the initiating entity's last message.
public enum SASLServerStep: Sendable, Equatable {
    /// Send `<challenge/>` with these bytes and wait for a response.
    case challenge([UInt8])
    /// Authentication succeeded; send `<success/>` with the additional data.
    case success(SASLIdentity, additionalData: [UInt8]?)
    /// Authentication failed; send `<failure/>`. The exchange is over.
    case failure(SASLFailure)

    /// The element to send for this step (RFC 6120 §6.4.3, §6.4.5, §6.4.6).
    public var wireElement: SASLElement {
        switch self {
        case .challenge(let data): .challenge(data)
        case .success(_, let additionalData): .success(additionalData: additionalData)
        case .failure(let failure): .failure(failure)
        }
    }

    /// Whether the exchange is over after this step.
    public var isFinal: Bool {
        if case .challenge = self { false } else { true }
    }
}
