/// The settings `defaults:` and each `servers:` entry may give, every one
/// optional: a server's own value wins over the default, which wins over
/// the model's built-in default. `s2s:` and `limits:` merge key by key.
struct ServerSettings {
    var tls: TLSMode?
    var sasl: [String]?
    var s2sExternal: Bool?
    var s2sDialback: Bool?
    var s2sBidi: Bool?
    /// Where `s2s:` was written, for the "at least one method" check.
    var s2sLocation: SourceLocation?
    var streamManagement: Bool?
    var resourceConflict: ResourceConflict?
    var maxStanzaBytes: Int?
    var maxAuthAttempts: Int?
    var negotiationTimeout: Duration?
    var offlineMessages: Int?

    /// These settings with `other`'s given values in their place.
    func overridden(by other: ServerSettings) -> ServerSettings {
        ServerSettings(
            tls: other.tls ?? tls,
            sasl: other.sasl ?? sasl,
            s2sExternal: other.s2sExternal ?? s2sExternal,
            s2sDialback: other.s2sDialback ?? s2sDialback,
            s2sBidi: other.s2sBidi ?? s2sBidi,
            s2sLocation: other.s2sLocation ?? s2sLocation,
            streamManagement: other.streamManagement ?? streamManagement,
            resourceConflict: other.resourceConflict ?? resourceConflict,
            maxStanzaBytes: other.maxStanzaBytes ?? maxStanzaBytes,
            maxAuthAttempts: other.maxAuthAttempts ?? maxAuthAttempts,
            negotiationTimeout: other.negotiationTimeout ?? negotiationTimeout,
            offlineMessages: other.offlineMessages ?? offlineMessages
        )
    }

    /// Writes the given values into `server`, leaving its defaults elsewhere.
    func apply(to server: inout ServerSpec) {
        if let tls { server.tls = tls }
        if let sasl { server.saslMechanisms = sasl }
        if let s2sExternal { server.s2s.external = s2sExternal }
        if let s2sDialback { server.s2s.dialback = s2sDialback }
        if let s2sBidi { server.s2s.bidi = s2sBidi }
        if let streamManagement { server.streamManagement = streamManagement }
        if let resourceConflict { server.resourceConflict = resourceConflict }
        if let maxStanzaBytes { server.limits.maxStanzaBytes = maxStanzaBytes }
        if let maxAuthAttempts { server.limits.maxAuthAttempts = maxAuthAttempts }
        if let negotiationTimeout { server.limits.negotiationTimeout = negotiationTimeout }
        if let offlineMessages { server.limits.offlineMessages = offlineMessages }
    }
}
