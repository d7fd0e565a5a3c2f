import Foundation

/// Compares two traces of the same scenario (`replay --check`, `diff`).
///
/// Real sockets fix no global interleaving, so traces are not compared line
/// by line. They are normalised into stanza flows instead:
/// - per (sender, recipient) pair, the messages sent in order (id, type,
///   body) and what became of each (delivered, or bounced with which
///   condition);
/// - per (observer, contact) pair, the set of presence the observer saw
///   (available with its show, unavailable);
/// and delivery latencies must agree within a tolerance. Random parts
/// (resources, generated ids, timestamps) never enter the comparison.
public enum TraceComparison {
    /// Differences between `expected` (the recording) and `actual`, in
    /// readable form, flows in sorted order; empty when they agree.
    public static func differences(expected: [TraceEvent], actual: [TraceEvent], tolerance: Duration) -> [String] {
        let (old, new) = (Flows(expected), Flows(actual))
        var differences: [String] = []
        for key in Set(old.messages.keys).union(new.messages.keys).sorted() {
            let (was, now) = (old.messages[key] ?? [], new.messages[key] ?? [])
            for index in 0..<max(was.count, now.count) {
                let a = index < was.count ? was[index] : nil
                let b = index < now.count ? now[index] : nil
                guard let a, let b else {
                    differences.append("messages \(key): #\(index + 1) " + (a == nil ? "is new: \(b!.summary)" : "is missing: \(a!.summary)"))
                    continue
                }
                if a.signature != b.signature {
                    differences.append("messages \(key): #\(index + 1) was \(a.summary), now \(b.summary)")
                } else if let x = a.latency, let y = b.latency, abs((x - y).nanosecondCount) > tolerance.nanosecondCount {
                    differences.append("messages \(key): \(a.id) took \(milliseconds(x)) ms, now \(milliseconds(y)) ms (tolerance \(milliseconds(tolerance)) ms)")
                }
            }
        }
        for key in Set(old.presence.keys).union(new.presence.keys).sorted() {
            let (was, now) = (old.presence[key] ?? [], new.presence[key] ?? [])
            if was != now {
                differences.append("presence \(key): saw \(was.sorted().joined(separator: ", ")), now \(now.sorted().joined(separator: ", "))")
            }
        }
        return differences
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.nanosecondCount / 1_000_000)
    }
}

extension Duration {
    var nanosecondCount: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// The stanza flows of one trace.
struct Flows {
    struct Message {
        var id: String
        var type: String
        var body: String
        /// `delivered`, `bounced: <condition>` or `lost`.
        var outcome: String
        var latency: Duration?

        var signature: String { "\(id)|\(type)|\(body)|\(outcome)" }
        var summary: String { "\(id) (\(type)) '\(body)' \(outcome)" }
    }

    /// `sender -> recipient` (bare JIDs) to the messages in the order sent.
    var messages: [String: [Message]] = [:]
    /// `observer <- contact` to what the observer saw.
    var presence: [String: Set<String>] = [:]

    init(_ events: [TraceEvent]) {
        var arrivals: [String: (recipient: String, time: UInt64)] = [:]
        var bounces: [String: String] = [:]
        var sent: [(key: String, id: String, type: String, body: String, time: UInt64)] = []
        // Stanzas where the clients sent and received them: those at the
        // servers' connections (`hops` detail) are hops of the same flows.
        for event in events where event.connection == nil {
            guard let stanza = event.stanza else { continue }
            switch (event.kind, stanza.name) {
            case (.stanzaOut, "message"):
                let to = Self.bare(stanza.to ?? "")
                sent.append(("\(event.node) -> \(to)", stanza.id ?? "", stanza.type ?? "normal", Self.body(event.detail), event.time))
            case (.stanzaIn, "message"):
                guard let id = stanza.id else { continue }
                if stanza.type == "error" {
                    bounces[id] = Self.errorCondition(event.detail)
                } else if arrivals[id] == nil {
                    arrivals[id] = (event.node, event.time)
                }
            case (.stanzaIn, "presence"):
                guard let from = stanza.from, stanza.type == nil || stanza.type == "unavailable" else { continue }
                let contact = Self.bare(from)
                guard contact != event.node else { continue }
                let seen = stanza.type == "unavailable" ? "unavailable" : (Self.show(event.detail) ?? "available")
                presence["\(event.node) <- \(contact)", default: []].insert(seen)
            default:
                continue
            }
        }
        for message in sent {
            var outcome = "lost"
            var latency: Duration?
            if let arrival = arrivals[message.id] {
                outcome = "delivered"
                latency = .nanoseconds(Int64(arrival.time) - Int64(message.time))
            } else if let condition = bounces[message.id] {
                outcome = "bounced: \(condition)"
            }
            messages[message.key, default: []].append(Message(id: message.id, type: message.type, body: message.body, outcome: outcome, latency: latency))
        }
    }

    static func bare(_ jid: String) -> String {
        String(jid.split(separator: "/", maxSplits: 1).first ?? "")
    }

    static func body(_ xml: String) -> String {
        text(of: "body", in: xml) ?? ""
    }

    static func show(_ xml: String) -> String? {
        text(of: "show", in: xml)
    }

    static func text(of element: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(element)>"), let close = xml.range(of: "</\(element)>", range: open.upperBound..<xml.endIndex) else {
            return nil
        }
        return String(xml[open.upperBound..<close.lowerBound])
    }

    /// The first stanza-error condition element's name.
    static func errorCondition(_ xml: String) -> String {
        let marker = " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'"
        var search = xml.startIndex..<xml.endIndex
        while let found = xml.range(of: marker, range: search) {
            let before = xml[xml.startIndex..<found.lowerBound]
            if let open = before.lastIndex(of: "<") {
                let name = String(xml[xml.index(after: open)..<found.lowerBound])
                if name != "text" { return name }
            }
            search = found.upperBound..<xml.endIndex
        }
        return "undefined-condition"
    }
}
