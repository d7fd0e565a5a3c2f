import Topology
import Trace
import XMPPCore

extension ScenarioRunner {
    /// Performs one step. Steps that take time (logins, a train of
    /// messages) run in `background`, so the timeline keeps its times.
    func perform(_ step: ScenarioStep, clock: LabClock, background: inout TaskGroup<Void>) async {
        do {
            switch step.action {
            case .connect(let names):
                let clients = try await world.clients(names)
                background.addTask { await self.connect(clients) }
            case .disconnect(let names):
                let clients = try await world.clients(names)
                background.addTask {
                    await withTaskGroup(of: Void.self) { tasks in
                        for client in clients { tasks.addTask { await client.disconnect() } }
                    }
                }
            case .dropConnection(let name):
                let client = try await world.client(name)
                await client.client.dropConnection()
                await world.record(.fault, node: name, "connection dropped")
            case .sendMessage(let from, let to, let body, let id, let count, let interval):
                let client = try await world.client(from)
                let recipient = try JID(to)
                let body = body + (await world.bodySuffix)
                let base = id ?? "m\(step.location.line)"
                if count <= 1 {
                    send(from: client, to: recipient, body: body, id: base)
                } else {
                    background.addTask {
                        for number in 1...count {
                            if number > 1 { try? await Task.sleep(for: interval) }
                            self.send(from: client, to: recipient, body: body, id: "\(base)-\(number)")
                        }
                    }
                }
            case .sendPresence(let from, let presence):
                try await world.client(from).send(presence)
            case .subscribe(let from, let to):
                let contact = try JID(to)
                try await world.client(from).whenOnline { client in client.subscribe(to: contact) }
            case .crashServer, .restartServer, .cutLink, .healLink, .degradeLink, .breakDNS, .restoreDNS:
                try await world.applyFault(step.action)
            case .wait(let condition, let timeout):
                let deadline = clock.now + timeout
                while !(await holds(condition)) {
                    if clock.now >= deadline {
                        problem("\(step.location): wait for \(condition.summary) timed out after \(timeout.compact)")
                        break
                    }
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
        } catch {
            problem("\(step.location): \(error)")
        }
    }

    func send(from client: LabClient, to recipient: JID, body: String, id: String) {
        observations.messageSent(.init(id: id, from: client.spec.name, to: recipient.bare.description, sentAt: observations.now))
        client.sendMessage(to: recipient, body: body, id: id)
    }

    func connect(_ clients: [LabClient]) async {
        // Logins run many at a time, but not thousands at once.
        await withTaskGroup(of: Void.self) { tasks in
            var running = 0
            for client in clients {
                if running >= 64 {
                    await tasks.next()
                    running -= 1
                }
                tasks.addTask {
                    do {
                        try await client.connect(to: self.world.c2sAddress(of: client.spec.domain))
                    } catch {
                        self.problem("\(client.spec.name) could not connect: \(error)")
                    }
                }
                running += 1
            }
        }
    }

    func holds(_ condition: WaitCondition) async -> Bool {
        switch condition {
        case .online(let names):
            guard let clients = try? await world.clients(names) else { return false }
            return clients.allSatisfy(\.isOnline)
        case .delivered(let id):
            let state = observations.snapshot
            let messages = state.messages(named: id)
            return !messages.isEmpty && messages.allSatisfy { state.arrival(of: $0) != nil }
        case .presenceSeen(let observer, let of):
            return observations.snapshot.presences.contains { $0.observer == observer && $0.of == of && $0.show != "unavailable" }
        case .federated(let pair):
            guard let server = try? await world.server(pair.first),
                  let status = try? await server.server.federationStatus() else { return false }
            return status.outgoing.contains { $0.remote == pair.second && $0.method != nil }
                || status.incoming.contains { $0.remote == pair.second && $0.method != nil }
        }
    }
}

extension WaitCondition {
    var summary: String {
        switch self {
        case .online(let names): "\(names.joined(separator: ", ")) online"
        case .delivered(let id): "delivery of \(id)"
        case .presenceSeen(let observer, let of): "\(observer) to see \(of)"
        case .federated(let pair): "federation \(pair)"
        }
    }
}
