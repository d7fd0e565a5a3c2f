import XMPPCore

extension RosterQuery {
    /// The answer to a roster get (RFC 6121 §2.1.3, §2.2): an IQ `result`
    /// addressed back to the requesting resource, with the same `id`, whose
    /// query holds every item of the roster (in the given order) and, with
    /// roster versioning, its current `version` (§2.6.3).
    public static func result(for request: IQ, items: [RosterItem], version: String? = nil) -> IQ {
        IQ.result(for: request, payload: RosterQuery(items: items, version: version).element)
    }

    /// The answer to a roster get whose `ver` is still current (RFC 6121
    /// §2.6.3): an empty IQ `result`; the changes follow as roster pushes.
    public static func unchangedResult(for request: IQ) -> IQ {
        IQ.result(for: request)
    }
}
