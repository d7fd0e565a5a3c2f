import Topology

/// Decides expectations from what was observed. An expectation is pending
/// (nil) until the observations settle it one way or the other.
struct ExpectationChecker {
    var state: Observations.State
    /// Scenario time now.
    var now: Duration
    /// The run is over: whatever is still pending fails.
    var ended: Bool
    /// Every step has run (so no further message will be sent).
    var stepsDone: Bool
    /// Connection counts sampled at their expectation's time, by expectation index.
    var samples: [Int: (c2s: Int, s2s: Int)]
    /// Observer and contact (bare JIDs) of every subscription asked for at the start.
    var subscriptions: [(observer: String, contact: String)] = []

    func evaluate(_ expectation: ScenarioExpectation, index: Int) -> ExpectationResult? {
        let words = expectation.kind.summary
        let location = expectation.location.description
        func pass(_ at: Duration?, _ detail: String) -> ExpectationResult {
            ExpectationResult(expectation: words, location: location, passed: true, observedAt: at?.seconds, detail: detail)
        }
        func fail(_ at: Duration?, _ detail: String) -> ExpectationResult {
            ExpectationResult(expectation: words, location: location, passed: false, observedAt: at?.seconds, detail: detail)
        }
        switch expectation.kind {
        case .delivered(let id, let within):
            let messages = state.messages(named: id)
            guard !messages.isEmpty else { return ended ? fail(nil, "never sent") : nil }
            var worst = Duration.zero
            for message in messages {
                if let arrival = state.arrival(of: message) {
                    let latency = arrival - message.sentAt
                    if latency > within { return fail(arrival, "\(message.id) took \(latency.compact)") }
                    worst = max(worst, latency)
                } else if let bounce = state.bounce(of: message) {
                    return fail(bounce.at, "\(message.id) bounced: \(bounce.condition)")
                } else if now > message.sentAt + within || ended {
                    return fail(nil, "\(message.id) not delivered within \(within.compact)")
                } else {
                    return nil
                }
            }
            let last = messages.compactMap { state.arrival(of: $0) }.max()
            return pass(last, messages.count == 1 ? "latency \(worst.compact)" : "\(messages.count) messages, worst latency \(worst.compact)")
        case .presenceSeen(let observer, let of, let show, let after, let within):
            let deadline = after + within
            let seen = state.presences.first { presence in
                presence.observer == observer && presence.of == of && presence.at >= after
                    && (show == nil || presence.show == show || (show == "available" && presence.show == nil))
            }
            if let seen {
                return seen.at <= deadline ? pass(seen.at, "seen at \(seen.at.compact)") : fail(seen.at, "seen late, at \(seen.at.compact)")
            }
            return now > deadline || ended ? fail(nil, "not seen") : nil
        case .errorReceived(let client, let condition, let id, let by):
            let seen = state.errors.first { error in
                error.client == client && error.condition == condition && (id == nil || error.id == id || error.id?.hasPrefix(id! + "-") == true)
            }
            if let seen {
                return seen.at <= by ? pass(seen.at, "received at \(seen.at.compact)") : fail(seen.at, "received late, at \(seen.at.compact)")
            }
            if now > by || ended {
                let other = state.errors.filter { $0.client == client }.map(\.condition)
                return fail(nil, other.isEmpty ? "no error received" : "received instead: \(other.joined(separator: ", "))")
            }
            return nil
        case .connectionCount(_, let at, let c2s, let s2s):
            guard let sample = samples[index] else { return ended ? fail(nil, "not sampled") : nil }
            let detail = "\(sample.c2s) c2s, \(sample.s2s) s2s"
            let ok = (c2s == nil || c2s == sample.c2s) && (s2s == nil || s2s == sample.s2s)
            return ok ? pass(at, detail) : fail(at, detail)
        case .presenceConverged(let by):
            let firstSeen = state.firstAvailablePresence
            var last = Duration.zero
            var missing = 0
            for pair in subscriptions {
                if let at = firstSeen[pair.observer + "|" + pair.contact] { last = max(last, at) } else { missing += 1 }
            }
            let detail = "\(subscriptions.count - missing)/\(subscriptions.count) subscriptions saw their contact"
            if missing == 0 {
                return last <= by ? pass(last, detail + " by \(last.compact)") : fail(last, detail + ", the last at \(last.compact)")
            }
            return now > by || ended ? fail(nil, detail) : nil
        case .noStanzaLost(let requireDelivery, let flows, let allowDuplicates):
            // A message still in flight decides nothing before the end: skip the walk.
            if !ended, flows.isEmpty, !state.undecided.isEmpty { return nil }
            var sent = 0, delivered = 0, bounced = 0, duplicated = 0, missing: [String] = [], twice: [String] = []
            for id in state.sendOrder {
                guard let message = state.sent[id] else { continue }
                guard flows.isEmpty || flows.contains(where: { $0.contains(from: message.from, to: message.to) }) else { continue }
                sent += 1
                let arrivals = state.arrivalCount(of: message)
                if arrivals > 0 {
                    delivered += 1
                    if arrivals > 1 {
                        duplicated += 1
                        twice.append(id)
                    }
                } else if state.bounce(of: message) != nil {
                    bounced += 1
                    if requireDelivery { missing.append(id) }
                } else {
                    missing.append(id)
                }
            }
            var detail = "\(sent) sent, \(delivered) delivered, \(bounced) bounced"
            if duplicated > 0 || !allowDuplicates { detail += ", \(duplicated) delivered more than once" }
            if !flows.isEmpty, sent == 0 {
                return ended || stepsDone ? fail(nil, "no message was sent in these flows") : nil
            }
            if !allowDuplicates {
                // A duplicate may still come, or a missing message arrive: only the end decides.
                guard ended else { return nil }
                if !twice.isEmpty { detail += "; more than once: " + twice.prefix(10).joined(separator: ", ") }
                if !missing.isEmpty { detail += "; missing: " + missing.prefix(10).joined(separator: ", ") }
                return twice.isEmpty && missing.isEmpty ? pass(nil, detail) : fail(nil, detail)
            }
            if missing.isEmpty { return ended || stepsDone ? pass(nil, detail) : nil }
            return ended ? fail(nil, detail + "; missing: " + missing.prefix(10).joined(separator: ", ")) : nil
        }
    }
}
