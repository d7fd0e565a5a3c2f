import XMPPCore

/// The authorization-identity rule of RFC 6120 §6.3.8 for mechanisms that
/// authenticate a user of this server: an authzid, if given, must be the
/// bare JID of the authenticated account itself.
enum SASLAuthorization {
    /// The normalised authzid to grant (`nil` when none or an empty one was
    /// given), or `invalid-authzid`.
    static func authorize(_ authzid: String?, authcid: String, domain: String) -> Result<String?, SASLFailure> {
        guard let authzid, !authzid.isEmpty else { return .success(nil) }
        guard let requested = try? JID(authzid),
            let own = try? JID(localpart: authcid, domainpart: domain),
            requested == own
        else {
            return .failure(SASLFailure(.invalidAuthzid, text: "may only act as its own bare JID"))
        }
        return .success(requested.description)
    }

    /// The failure condition of a lookup that found no usable account.
    static func failure(for lookup: SASLCredentialLookup) -> SASLFailure? {
        switch lookup {
        case .found: nil
        case .unknownUser: SASLFailure(.notAuthorized)
        case .disabled: SASLFailure(.accountDisabled)
        case .credentialsExpired: SASLFailure(.credentialsExpired)
        case .temporarilyUnavailable: SASLFailure(.temporaryAuthFailure)
        }
    }
}
