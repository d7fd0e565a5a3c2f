import LabNet
import LabNetLoopback
import NIOCore
import NIOPosix
import Testing
import XMPPCore

#if canImport(Glibc)
import Glibc
#endif

/// A link relay on real loopback TCP. Timing bounds are loose: these check
/// that the link delays, throttles, holds and resets, not how precisely.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct LinkRelayTests {
    /// Time since `start`, from the same clock the relay uses.
    func elapsed(since start: NIODeadline) -> Duration {
        Duration(NIODeadline.now() - start)
    }

    @Test func aRoundTripTakesTwiceTheLatency() async throws {
        try await RelayFixture.run { fixture in
            let echo = try await fixture.server(echoes: true)
            let relay = fixture.relay(LinkConditions(latency: .milliseconds(50)))
            let client = try await fixture.connect(to: try await relay.addEntrance(forwardingTo: echo.address))

            let start = NIODeadline.now()
            try await client.send("ping")
            try await eventually("the echo") { client.log.byteCount == 4 }
            let roundTrip = elapsed(since: start)
            #expect(roundTrip >= .milliseconds(100))
            #expect(roundTrip < .milliseconds(500))
            #expect(client.log.bytes == Array("ping".utf8))

            // Live change: the next round trip takes the new latency.
            relay.setConditions(LinkConditions(latency: .milliseconds(150)))
            let second = NIODeadline.now()
            try await client.send("pong")
            try await eventually("the second echo") { client.log.byteCount == 8 }
            #expect(elapsed(since: second) >= .milliseconds(300))
            #expect(relay.statistics.maxDelay >= .milliseconds(150))
        }
    }

    @Test func bytesArriveIntactAndInOrderDespiteJitter() async throws {
        try await RelayFixture.run { fixture in
            let echo = try await fixture.server(echoes: true)
            let relay = fixture.relay(LinkConditions(latency: .milliseconds(2), jitter: .milliseconds(20)), seed: 11)
            let client = try await fixture.connect(to: try await relay.addEntrance(forwardingTo: echo.address))

            var random = SeededGenerator(seed: 12)
            let payload = randomBytes(1_000_000, seed: 13)
            var offset = 0
            while offset < payload.count {
                let size = min(Int.random(in: 1...40_000, using: &random), payload.count - offset)
                try await client.send(Array(payload[offset..<offset + size]))
                offset += size
            }
            try await eventually("1 MB back", timeout: .seconds(20)) { client.log.byteCount >= payload.count }
            #expect(client.log.bytes == payload)
            #expect(echo.logs.first?.bytes == payload)
        }
    }

    @Test func bandwidthCapsThroughput() async throws {
        try await RelayFixture.run { fixture in
            let sink = try await fixture.server(echoes: false)
            let relay = fixture.relay(LinkConditions(bandwidth: 50_000))
            let client = try await fixture.connect(to: try await relay.addEntrance(forwardingTo: sink.address))
            try await eventually("the onward connection") { sink.acceptedCount == 1 }

            let start = NIODeadline.now()
            try await client.send([UInt8](repeating: 7, count: 100_000))
            try await eventually("100 kB at the sink") { sink.logs[0].byteCount == 100_000 }
            // 100 kB at 50 kB/s: two seconds on the wire, however it is chunked.
            let duration = elapsed(since: start)
            #expect(duration >= .seconds(2))
            #expect(duration < .seconds(4))
            // The relay adds a connection's counts right after handing the bytes on.
            try await eventually("the bytes counted") { relay.statistics.towardTarget.bytes == 100_000 }
        }
    }

    @Test func aBlackholeHoldsEverythingUntilTheHeal() async throws {
        try await RelayFixture.run { fixture in
            let echo = try await fixture.server(echoes: true)
            let relay = fixture.relay(LinkConditions(latency: .milliseconds(100)))
            let entrance = try await relay.addEntrance(forwardingTo: echo.address)
            let client = try await fixture.connect(to: entrance)
            try await client.send("warm-up")
            try await eventually("the warm-up echo") { client.log.byteCount == 7 }

            // In flight when the link goes down (latency 100 ms), then more
            // than the socket buffers hold while it is down.
            try await client.send("in flight")
            relay.cut(.blackhole)
            #expect(relay.status == .down(.blackhole))
            let bulk = randomBytes(3_000_000, seed: 3)
            let writes = Task { try await client.send(bulk) }
            // A connection opened while down is accepted but goes no further.
            let late = try await fixture.connect(to: entrance)
            try await late.send("late")
            try await Task.sleep(for: .milliseconds(400))
            #expect(echo.logs[0].byteCount == 7)
            #expect(echo.acceptedCount == 1)
            #expect(client.log.byteCount == 7)

            relay.heal()
            try await writes.value
            let expected = Array("warm-up".utf8) + Array("in flight".utf8) + bulk
            try await eventually("everything back", timeout: .seconds(20)) { client.log.byteCount >= expected.count }
            #expect(client.log.bytes == expected)
            try await eventually("the late echo") { late.log.bytes == Array("late".utf8) }
            #expect(echo.acceptedCount == 2)
            let statistics = relay.statistics
            #expect(statistics.timeDown >= .milliseconds(400))
            #expect(statistics.connectionsReset == 0)
        }
    }

    @Test func aResetCutResetsEveryConnectionAndEveryNewOne() async throws {
        try await RelayFixture.run { fixture in
            let alpha = try await fixture.server(echoes: true)
            let bravo = try await fixture.server(echoes: true)
            let relay = fixture.relay(LinkConditions(latency: .milliseconds(5)))
            // One entrance per direction, as between two domains.
            let toBravo = try await relay.addEntrance(forwardingTo: bravo.address)
            let toAlpha = try await relay.addEntrance(forwardingTo: alpha.address)
            let fromAlpha = try await fixture.connect(to: toBravo)
            let fromBravo = try await fixture.connect(to: toAlpha)
            try await fromAlpha.send("a")
            try await fromBravo.send("b")
            try await eventually("both echoes") { fromAlpha.log.byteCount == 1 && fromBravo.log.byteCount == 1 }

            let start = NIODeadline.now()
            relay.cut(.reset)
            try await eventually("both resets", timeout: .seconds(2)) { fromAlpha.log.isClosed && fromBravo.log.isClosed }
            #expect(elapsed(since: start) < .milliseconds(500))
            #expect(fromAlpha.log.errnoCodes.contains(ECONNRESET))
            #expect(fromBravo.log.errnoCodes.contains(ECONNRESET))
            #expect(!fromAlpha.log.sawEOF)
            try await eventually("the servers' sides reset") { alpha.logs[0].isClosed && bravo.logs[0].isClosed }

            // Accepted while down: reset at once, never forwarded.
            do {
                let late = try await fixture.connect(to: toBravo)
                try await eventually("the late reset", timeout: .seconds(2)) { late.log.isClosed }
                #expect(late.log.errnoCodes.contains(ECONNRESET))
            } catch let error as TimedOut {
                throw error
            } catch {
                // Reset before the connect completed: refused, as good as reset.
            }
            #expect(bravo.acceptedCount == 1)
            let statistics = relay.statistics
            #expect(statistics.connectionsReset >= 3)
            #expect(statistics.connectionsAccepted >= 3)

            relay.heal()
            let again = try await fixture.connect(to: toBravo)
            try await again.send("up again")
            try await eventually("an echo after the heal") { again.log.byteCount == 8 }
        }
    }

    @Test func aTargetRefusingConnectionsClosesTheClient() async throws {
        try await RelayFixture.run { fixture in
            let relay = fixture.relay(.perfect)
            let entrance = try await relay.addEntrance(forwardingTo: try await fixture.refusingAddress())
            do {
                let client = try await fixture.connect(to: entrance)
                try await eventually("the client's end", timeout: .seconds(2)) { client.log.ended }
            } catch let error as TimedOut {
                throw error
            } catch {
                // Reset before the connect completed.
            }
            try await eventually("the connection over") { relay.statistics.connectionsOpen == 0 }
            #expect(relay.statistics.connectionsReset == 1)
        }
    }

    @Test func statisticsCountBothWaysAndOrderlyClosesCross() async throws {
        try await RelayFixture.run { fixture in
            let echo = try await fixture.server(echoes: true)
            let relay = fixture.relay(LinkConditions(latency: .milliseconds(10)))
            let client = try await fixture.connect(to: try await relay.addEntrance(forwardingTo: echo.address))
            try await client.send([UInt8](repeating: 1, count: 1000))
            try await eventually("the echo") { client.log.byteCount == 1000 }

            // The client's FIN crosses, the echo server answers with its own.
            try await client.channel.close(mode: .output)
            try await eventually("the FIN back") { client.log.sawEOF }
            #expect(client.log.bytes.count == 1000)
            #expect(echo.logs[0].sawEOF)
            try await eventually("the connection over") { relay.statistics.connectionsOpen == 0 }

            let statistics = relay.statistics
            #expect(statistics.towardTarget.bytes == 1000)
            #expect(statistics.back.bytes == 1000)
            #expect(statistics.towardTarget.chunks >= 1)
            #expect(statistics.back.chunks >= 1)
            #expect(statistics.connectionsAccepted == 1)
            #expect(statistics.connectionsReset == 0)
            #expect(statistics.maxDelay >= .milliseconds(10))
            #expect(statistics.timeDown == .zero)
            #expect(client.log.errnoCodes.isEmpty)
        }
    }

    @Test func aPeerResetCrossesAsAReset() async throws {
        try await RelayFixture.run { fixture in
            let echo = try await fixture.server(echoes: true)
            let relay = fixture.relay(LinkConditions(latency: .milliseconds(5)))
            let client = try await fixture.connect(to: try await relay.addEntrance(forwardingTo: echo.address))
            try await client.send("hello")
            try await eventually("the echo") { client.log.byteCount == 5 }

            LoopbackFabric().abort(client.channel)
            try await eventually("the server side reset") { echo.logs[0].isClosed }
            #expect(echo.logs[0].errnoCodes.contains(ECONNRESET))
            try await eventually("the connection over") { relay.statistics.connectionsOpen == 0 }
            #expect(relay.statistics.connectionsReset == 1)
        }
    }

    @Test func aReceiverThatDoesNotReadPushesTheSenderBack() async throws {
        try await RelayFixture.run { fixture in
            let sink = try await fixture.server(echoes: false, reads: false)
            let relay = fixture.relay(.perfect)
            let client = try await fixture.connect(to: try await relay.addEntrance(forwardingTo: sink.address))
            try await eventually("the onward connection") { sink.acceptedCount == 1 }

            let payload = randomBytes(24_000_000, seed: 21)
            let writes = Task { try await client.send(payload) }
            // The relay stops reading once the target's buffers are full: what
            // it passes on levels off (unchanged over 300 ms) well short of
            // what was sent.
            var samples: [Int] = []
            while samples.count < 4 || Set(samples.suffix(4)).count > 1 {
                guard samples.count < 100 else { throw TimedOut(what: "the relay to level off") }
                try await Task.sleep(for: .milliseconds(100))
                samples.append(relay.statistics.towardTarget.bytes)
            }
            #expect(samples.last! > 0)
            #expect(samples.last! < 12_000_000)
            #expect(!client.channel.isWritable)

            // Reading again, the receiver gets every byte, in order.
            let target = sink.connections[0]
            try await target.setOption(.autoRead, value: true).get()
            target.read()
            try await writes.value
            try await eventually("24 MB at the sink", timeout: .seconds(20)) { sink.logs[0].byteCount == payload.count }
            #expect(sink.logs[0].bytes == payload)
        }
    }

    @Test func closingTheRelayClosesItsConnectionsAndEntrances() async throws {
        try await RelayFixture.run { fixture in
            let echo = try await fixture.server(echoes: true)
            let relay = fixture.relay(LinkConditions(latency: .milliseconds(5)))
            let entrance = try await relay.addEntrance(forwardingTo: echo.address)
            let client = try await fixture.connect(to: entrance)
            try await client.send("hello")
            try await eventually("the echo") { client.log.byteCount == 5 }

            try await relay.close()
            try await eventually("the client's end") { client.log.ended }
            #expect(client.log.sawEOF)
            #expect(relay.statistics.connectionsOpen == 0)
            await #expect(throws: (any Error).self) { _ = try await fixture.connect(to: entrance) }
            await #expect(throws: LinkRelayError(.closed, link: relay.name)) {
                _ = try await relay.addEntrance(forwardingTo: echo.address)
            }
        }
    }
}
