import XMPPCore

extension SimulatedDNS {
    /// Resolves where `querier` connects for `service` at `domain`, as
    /// RFC 6120 §3.2 describes; every query it makes is observed and logged.
    ///
    /// 1. SRV query for `_<service>._tcp.<domain>`.
    /// 2. A single record with target "." → `.serviceNotOffered`.
    /// 3. Records → ordered by RFC 2782 (`SRVOrdering`, drawing from
    ///    `random`; "." targets among others are skipped), each target's
    ///    A/AAAA queried → `.srv(attempts)`. Targets without addresses are
    ///    dropped; if none is left, the failures decide: any timeout →
    ///    `.timedOut`, else any SERVFAIL → `.serverFailure`, else `.notFound`.
    /// 4. NXDOMAIN or no records → fallback: A/AAAA of `domain` on
    ///    `service.defaultPort` → `.fallback(attempt)`, or `.notFound`,
    ///    `.timedOut`, `.serverFailure` by that query's answer.
    /// 5. Timeout or SERVFAIL of the SRV query → `.timedOut` /
    ///    `.serverFailure` (no fallback: the answer is unknown, not absent).
    public func resolveTargets(
        service: DNSService, domain: String, from querier: String, random: inout SeededGenerator
    ) -> DNSResolution {
        switch query(.srv(service: service, domain: domain), from: querier) {
        case .timeout:
            return .timedOut
        case .servfail:
            return .serverFailure
        case .nxdomain, .noRecords:
            return fallback(service: service, domain: domain, from: querier)
        case .records(let records):
            let srvRecords = records.compactMap(\.srvRecord)
            if srvRecords.isEmpty {
                return fallback(service: service, domain: domain, from: querier)
            }
            if srvRecords.count == 1, srvRecords[0].targetIsRoot {
                return .serviceNotOffered
            }
            let ordered = SRVOrdering.order(srvRecords.filter { !$0.targetIsRoot }, using: &random)
            return resolveSRVTargets(ordered, from: querier)
        }
    }

    /// `resolveTargets(service:domain:from:random:)` drawing from a generator
    /// split off the resolver's own (seeded at `init`), so results depend
    /// only on the seed and the order of calls.
    public func resolveTargets(service: DNSService, domain: String, from querier: String) -> DNSResolution {
        var random = state.withLock { $0.random.split() }
        return resolveTargets(service: service, domain: domain, from: querier, random: &random)
    }

    private func resolveSRVTargets(_ ordered: [SRVRecord], from querier: String) -> DNSResolution {
        var attempts: [DNSConnectionAttempt] = []
        var sawTimeout = false
        var sawServerFailure = false
        for record in ordered {
            let answer = query(.address(host: record.target), from: querier)
            switch answer {
            case .records:
                let addresses = answer.addresses
                if !addresses.isEmpty {
                    attempts.append(DNSConnectionAttempt(host: record.target, addresses: addresses, port: record.port))
                }
            case .timeout: sawTimeout = true
            case .servfail: sawServerFailure = true
            case .nxdomain, .noRecords: break
            }
        }
        if !attempts.isEmpty { return .srv(attempts) }
        if sawTimeout { return .timedOut }
        if sawServerFailure { return .serverFailure }
        return .notFound
    }

    private func fallback(service: DNSService, domain: String, from querier: String) -> DNSResolution {
        let answer = query(.address(host: domain), from: querier)
        switch answer {
        case .records:
            let addresses = answer.addresses
            if addresses.isEmpty { return .notFound }
            return .fallback(DNSConnectionAttempt(host: domain, addresses: addresses, port: service.defaultPort))
        case .nxdomain, .noRecords: return .notFound
        case .timeout: return .timedOut
        case .servfail: return .serverFailure
        }
    }
}
