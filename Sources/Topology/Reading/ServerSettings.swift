/// The settings `defaults:` and each `servers:` entry may give, every one
/// optional: a server's own value wins over the default, which wins over
/// the model's built-in default. `s2s:`, `stream_management:` and
/// `limits:` merge key by key (`stream_management: false` only sets `enabled`).
struct ServerSettings {
    var tls: TLSMode?
    var sasl: [String]?
    var s2sExternal: Bool?
    var s2sDialback: Bool?
    var s2sBidi: Bool?
    /// Where `s2s:` was written, for the "at least one method" check.
    var s2sLocation: SourceLocation?
    var smEnabled: Bool?
    var smResumption: Bool?
    var smResumeTimeout: Duration?
    var smAckEvery: Int?
    /// `.some(nil)`: `ack_after: never`.
    var smAckAfter: Duration??
    var smMaxUnacknowledged: Int?
    var resourceConflict: ResourceConflict?
    var maxStanzaBytes: Int?
    var maxAuthAttempts: Int?
    var negotiationTimeout: Duration?
    var offlineMessages: Int?
    /// `.some(nil)`: `ping_interval: never`.
    var pingInterval: Duration??
    var pingTimeout: Duration?

    /// These settings with `other`'s given values in their place.
    func overridden(by other: ServerSettings) -> ServerSettings {
        ServerSettings(
            tls: other.tls ?? tls,
            sasl: other.sasl ?? sasl,
            s2sExternal: other.s2sExternal ?? s2sExternal,
            s2sDialback: other.s2sDialback ?? s2sDialback,
            s2sBidi: other.s2sBidi ?? s2sBidi,
            s2sLocation: other.s2sLocation ?? s2sLocation,
            smEnabled: other.smEnabled ?? smEnabled,
            smResumption: other.smResumption ?? smResumption,
            smResumeTimeout: other.smResumeTimeout ?? smResumeTimeout,
            smAckEvery: other.smAckEvery ?? smAckEvery,
            smAckAfter: other.smAckAfter ?? smAckAfter,
            smMaxUnacknowledged: other.smMaxUnacknowledged ?? smMaxUnacknowledged,
            resourceConflict: other.resourceConflict ?? resourceConflict,
            maxStanzaBytes: other.maxStanzaBytes ?? maxStanzaBytes,
            maxAuthAttempts: other.maxAuthAttempts ?? maxAuthAttempts,
            negotiationTimeout: other.negotiationTimeout ?? negotiationTimeout,
            offlineMessages: other.offlineMessages ?? offlineMessages,
            pingInterval: other.pingInterval ?? pingInterval,
            pingTimeout: other.pingTimeout ?? pingTimeout
        )
    }

    /// Writes the given values into `server`, leaving its defaults elsewhere.
    func apply(to server: inout ServerSpec) {
        if let tls { server.tls = tls }
        if let sasl { server.saslMechanisms = sasl }
        if let s2sExternal { server.s2s.external = s2sExternal }
        if let s2sDialback { server.s2s.dialback = s2sDialback }
        if let s2sBidi { server.s2s.bidi = s2sBidi }
        if let smEnabled { server.streamManagement.enabled = smEnabled }
        if let smResumption { server.streamManagement.resumption = smResumption }
        if let smResumeTimeout { server.streamManagement.resumeTimeout = smResumeTimeout }
        if let smAckEvery { server.streamManagement.ackEvery = smAckEvery }
        if let smAckAfter { server.streamManagement.ackAfter = smAckAfter }
        if let smMaxUnacknowledged { server.streamManagement.maxUnacknowledged = smMaxUnacknowledged }
        if let resourceConflict { server.resourceConflict = resourceConflict }
        if let maxStanzaBytes { server.limits.maxStanzaBytes = maxStanzaBytes }
        if let maxAuthAttempts { server.limits.maxAuthAttempts = maxAuthAttempts }
        if let negotiationTimeout { server.limits.negotiationTimeout = negotiationTimeout }
        if let offlineMessages { server.limits.offlineMessages = offlineMessages }
        if let pingInterval { server.limits.pingInterval = pingInterval }
        if let pingTimeout { server.limits.pingTimeout = pingTimeout }
    }
}
