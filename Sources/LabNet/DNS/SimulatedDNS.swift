import Synchronization
import XMPPCore

/// The lab's DNS: a synchronous, deterministic model of the resolvers the
/// virtual servers and clients ask.
///
/// It serves a `DNSZone`, answers a question per querier (the asking entity,
/// named like a domain, e.g. the asking server's domain), and can be told on
/// demand to fail for a name, for everyone or for one querier. There is no
/// I/O and no clock: a `.timeout` answer only says that no response came, and
/// the caller decides how long waiting for it took. Every query and its
/// answer go to the observer and to a bounded query log.
///
/// An answer is chosen in this order, most specific first:
/// 1. a failure set for this querier and question;
/// 2. an answer overridden for this querier and question;
/// 3. a failure set for the question (everyone);
/// 4. the zone's answer.
public final class SimulatedDNS: Sendable {
    /// Reports one answered query.
    public typealias Observer = @Sendable (DNSQueryRecord) -> Void

    struct State: Sendable {
        var zone = DNSZone()
        var failures: [DNSQuestion: DNSFailure] = [:]
        var querierFailures: [DNSName: [DNSQuestion: DNSFailure]] = [:]
        var querierOverrides: [DNSName: [DNSQuestion: DNSAnswer]] = [:]
        var log: DNSQueryLog
        var nextSequenceNumber: UInt64 = 1
        var observer: Observer?
        var random: SeededGenerator
        var queryTimeout: Duration = .seconds(3)
    }

    let state: Mutex<State>

    /// - Parameters:
    ///   - seed: seeds the resolver's own generator, used by
    ///     `resolveTargets(service:domain:from:)` when no generator is passed.
    ///   - logCapacity: how many recent queries `queryLog` keeps.
    ///   - observer: called after every query, outside the resolver's lock.
    public init(seed: UInt64 = 0, logCapacity: Int = 1024, observer: Observer? = nil) {
        state = Mutex(
            State(log: DNSQueryLog(capacity: logCapacity), observer: observer, random: SeededGenerator(seed: seed)))
    }

    /// Replaces the observer (nil: none).
    public func setObserver(_ observer: Observer?) {
        state.withLock { $0.observer = observer }
    }

    /// How long a resolver waits before it reports a query that gets no
    /// answer (a `timeout` failure) as timed out. Default 3 s.
    public var queryTimeout: Duration {
        get { state.withLock { $0.queryTimeout } }
        set { state.withLock { $0.queryTimeout = newValue } }
    }

    // MARK: Zone

    /// A copy of the zone served to every querier.
    public var zone: DNSZone { state.withLock { $0.zone } }

    /// Replaces the SRV records of `_<service>._tcp.<domain>` (an empty list:
    /// the name exists, the query gets NOERROR with no records).
    public func setSRVRecords(_ records: [SRVRecord], service: DNSService, domain: String) {
        state.withLock { $0.zone.setSRVRecords(records, service: service, domain: domain) }
    }

    /// Removes `_<service>._tcp.<domain>` (its query gets NXDOMAIN).
    public func removeSRVRecords(service: DNSService, domain: String) {
        state.withLock { $0.zone.removeSRVRecords(service: service, domain: domain) }
    }

    /// Replaces the A/AAAA records of `host` (IP literals; a colon makes an
    /// AAAA record).
    public func setAddresses(_ addresses: [String], host: String) {
        state.withLock { $0.zone.setAddresses(addresses, host: host) }
    }

    /// Removes the A/AAAA records of `host`.
    public func removeAddresses(host: String) {
        state.withLock { $0.zone.removeAddresses(host: host) }
    }

    // MARK: Per-querier overrides

    /// Makes `querier` get `answer` for `question`, whatever the zone says
    /// (e.g. to route one server's traffic for a peer through a link relay).
    public func setOverride(_ answer: DNSAnswer, for question: DNSQuestion, querier: String) {
        state.withLock { $0.querierOverrides[DNSName(querier), default: [:]][question.normalized] = answer }
    }

    /// Makes `querier` see `records` as the SRV records of
    /// `_<service>._tcp.<domain>`.
    public func setSRVRecords(_ records: [SRVRecord], service: DNSService, domain: String, forQuerier querier: String) {
        setOverride(.answer(records.map(DNSResourceRecord.srv)), for: .srv(service: service, domain: domain), querier: querier)
    }

    /// Makes `querier` see `addresses` as the A/AAAA records of `host`.
    public func setAddresses(_ addresses: [String], host: String, forQuerier querier: String) {
        setOverride(.answer(addresses.map(DNSZone.addressRecord)), for: .address(host: host), querier: querier)
    }

    /// Drops the override of `question` for `querier`.
    public func removeOverride(for question: DNSQuestion, querier: String) {
        state.withLock { _ = $0.querierOverrides[DNSName(querier)]?.removeValue(forKey: question.normalized) }
    }

    // MARK: Failures

    /// Makes `question` fail with `failure`, for `querier` only or (nil) for
    /// everyone, until cleared.
    public func setFailure(_ failure: DNSFailure, for question: DNSQuestion, querier: String? = nil) {
        state.withLock {
            if let querier {
                $0.querierFailures[DNSName(querier), default: [:]][question.normalized] = failure
            } else {
                $0.failures[question.normalized] = failure
            }
        }
    }

    /// Clears the failure set with the same `question` and `querier`.
    public func clearFailure(for question: DNSQuestion, querier: String? = nil) {
        state.withLock {
            if let querier {
                _ = $0.querierFailures[DNSName(querier)]?.removeValue(forKey: question.normalized)
            } else {
                $0.failures[question.normalized] = nil
            }
        }
    }

    // MARK: Queries

    /// Answers `question` asked by `querier`, and reports the query to the
    /// observer and the query log.
    @discardableResult
    public func query(_ question: DNSQuestion, from querier: String) -> DNSAnswer {
        let asker = DNSName(querier)
        let key = question.normalized
        let (record, observer) = state.withLock { state -> (DNSQueryRecord, Observer?) in
            let answer =
                state.querierFailures[asker]?[key]?.answer
                ?? state.querierOverrides[asker]?[key]
                ?? state.failures[key]?.answer
                ?? state.zone.answer(key)
            let record = DNSQueryRecord(
                sequenceNumber: state.nextSequenceNumber, querier: asker.normalized, question: key, answer: answer)
            state.nextSequenceNumber += 1
            state.log.append(record)
            return (record, state.observer)
        }
        observer?(record)
        return record.answer
    }

    /// The most recent queries (up to the log capacity), oldest first.
    public var queryLog: [DNSQueryRecord] { state.withLock { $0.log.records } }

    /// Empties the query log (sequence numbers keep counting).
    public func clearQueryLog() {
        state.withLock { $0.log.removeAll() }
    }
}
