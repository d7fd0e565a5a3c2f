import LabNet
import Synchronization
import Trace
import XMPPClient
import XMPPCore

/// Whether the scenario wants a client online, and the supervisors that
/// bring it back after an unrequested loss.
struct Supervision: Sendable {
    /// The scenario connected the client and has not disconnected it.
    var wanted = false
    /// The run is over: no more attempts.
    var stopped = false
    /// A supervisor is between a loss and being online again.
    var reconnecting = false
    /// Bumped by every `connect`: a supervisor watches one connect's session
    /// and leaves when a newer connect took over.
    var generation: UInt64 = 0
    var supervisors: [UInt64: Task<Void, Never>] = [:]
    /// nil: the client does not reconnect by itself.
    var backoff: ReconnectBackoff?
    /// What the scenario had the client send while it was coming back, in
    /// order, for once it is back.
    var outbox: [@Sendable (VirtualClient) -> Void] = []
}

extension LabClient {
    /// Marks the client wanted online for a new connect; nil when a
    /// supervisor is already bringing it back (the connect is left to it).
    func wantOnline() -> UInt64? {
        supervision.withLock { state in
            if state.reconnecting, state.wanted { return nil }
            state.wanted = true
            state.generation += 1
            return state.generation
        }
    }

    /// Starts watching the session of connect number `generation`, when the
    /// client reconnects by itself.
    func supervise(_ generation: UInt64) {
        supervision.withLock { state in
            guard state.backoff != nil, !state.stopped, state.generation == generation, state.supervisors[generation] == nil else { return }
            state.supervisors[generation] = Task { await self.superviseSession(generation) }
        }
    }

    /// Performs `action` on the client now or, while it is coming back after
    /// a loss, once it is back (in the order given). Like an application
    /// that queues what its user sends until its connection is ready: a
    /// stanza written while a reconnection is still negotiating would land
    /// on a stream that is not authenticated yet.
    func whenOnline(_ action: @escaping @Sendable (VirtualClient) -> Void) {
        let held = supervision.withLock { state -> Bool in
            guard state.reconnecting else { return false }
            state.outbox.append(action)
            return true
        }
        if !held { action(client) }
    }

    /// Sends what was held, then lets new stanzas go straight out.
    private func flushOutbox() {
        while true {
            let batch = supervision.withLock { state -> [@Sendable (VirtualClient) -> Void] in
                if state.outbox.isEmpty { state.reconnecting = false }
                defer { state.outbox = [] }
                return state.outbox
            }
            if batch.isEmpty { return }
            for action in batch { action(client) }
        }
    }

    /// The run is over: no further attempts. Returns the supervisors, to
    /// await once the clients are disconnected (which wakes those watching).
    func stopReconnecting() -> [Task<Void, Never>] {
        supervision.withLock { state in
            state.stopped = true
            let tasks = Array(state.supervisors.values)
            for task in tasks { task.cancel() }
            return tasks
        }
    }

    /// Watches the connection; after each loss the scenario did not ask
    /// for, reconnects (resuming the session when it can) with backoff.
    private func superviseSession(_ generation: UInt64) async {
        while true {
            await waitUntilConnectionEnds()
            guard carriesOn(generation, startingOver: true) else { return }
            observations.reconnection(of: spec.name) { $0.lost += 1 }
            note(.note, "connection lost; reconnecting")
            guard await comeBack(generation) else { return }
            if supervision.withLock({ !$0.wanted || $0.stopped }) {
                // Disconnected by the scenario, or the run ended, while coming back.
                await client.disconnect()
            }
        }
    }

    /// Whether supervisor `generation` goes on (and, after a loss, marks the
    /// client as coming back); when not, it leaves the books.
    private func carriesOn(_ generation: UInt64, startingOver: Bool = false) -> Bool {
        supervision.withLock { state in
            guard !state.stopped, state.wanted, state.generation == generation else {
                // Whatever it was to send is never sent: it counts as lost.
                state.reconnecting = false
                state.outbox = []
                state.supervisors[generation] = nil
                return false
            }
            if startingOver { state.reconnecting = true }
            return true
        }
    }

    /// Attempts until online again; false when the supervisor must leave.
    private func comeBack(_ generation: UInt64) async -> Bool {
        while true {
            let wait = supervision.withLock { $0.backoff?.nextWait() } ?? .seconds(1)
            try? await Task.sleep(for: wait)
            guard carriesOn(generation) else { return false }
            // A lab server that is down would refuse the connection: count
            // the attempt as failed without making it.
            guard let address = reconnectTarget() else {
                failedAttempt("server down")
                continue
            }
            do {
                try await client.reconnect(to: address, serverName: spec.domain)
            } catch {
                failedAttempt("\(error)")
                continue
            }
            supervision.withLock { $0.backoff?.reset() }
            defer { flushOutbox() }
            switch client.lastResumption {
            case .resumed(let h):
                observations.reconnection(of: spec.name) { $0.resumed += 1 }
                note(.smResume, "session resumed (the server had handled \(h) of our stanzas)")
            case .failed(let failure):
                observations.reconnection(of: spec.name) { $0.newSessions += 1 }
                note(.smResume, "resumption refused (\(failure.condition.rawValue)): new session, presence sent again")
                announce()
            case nil:
                observations.reconnection(of: spec.name) { $0.newSessions += 1 }
                note(.note, "reconnected with a new session, presence sent again")
                announce()
            }
            return true
        }
    }

    private func failedAttempt(_ why: String) {
        observations.reconnection(of: spec.name) { $0.failedAttempts += 1 }
        note(.note, "reconnection attempt failed: \(why)")
    }

    /// Returns once the current connection has ended (for whatever reason).
    private func waitUntilConnectionEnds() async {
        // The lab's clients hand every stanza to `onReceive`, so this
        // predicate never sees one: the wait ends only when the stream does.
        while true {
            do {
                _ = try await client.waitFor(timeout: .seconds(3600)) { _ in false }
            } catch ClientError.timeout {
                continue
            } catch {
                return
            }
        }
    }

    private func note(_ kind: TraceEventKind, _ detail: String) {
        guard trace.keepsEvents else { return }
        trace.record(TraceEvent(time: observations.clock.nanoseconds, node: spec.name, kind: kind, detail: detail))
    }
}
