import NIOCore
import Testing
import XMPPCore
@testable import LabNet

struct LinkConnectionMachineTests {
    typealias Action = LinkConnectionMachine.Action
    let millisecond: UInt64 = 1_000_000

    func machine(
        _ conditions: LinkConditions = LinkConditions(latency: .milliseconds(10)), status: LinkStatus = .up,
        maxBytesInFlight: Int = 1 << 20
    ) -> LinkConnectionMachine {
        LinkConnectionMachine(
            conditions: conditions, status: status, generator: SeededGenerator(seed: 5), maxBytesInFlight: maxBytesInFlight)
    }

    /// A machine whose target is connected and which reads both sides.
    func relaying(_ conditions: LinkConditions = LinkConditions(latency: .milliseconds(10)), maxBytesInFlight: Int = 1 << 20)
        -> LinkConnectionMachine
    {
        var machine = machine(conditions, maxBytesInFlight: maxBytesInFlight)
        #expect(machine.start() == [.connectToTarget])
        #expect(machine.targetConnected() == [.startReading(.entrance), .startReading(.target)])
        return machine
    }

    @Test func connectsOnwardAndRelaysBytesAfterTheLatency() {
        var machine = relaying()
        let hello = ByteBuffer(string: "hello")
        #expect(machine.received(hello, from: .entrance, at: 0) == [.scheduleDelivery(.towardTarget, at: 10 * millisecond)])
        // A second chunk queues behind the first: the timer stays.
        #expect(machine.received(ByteBuffer(string: "!"), from: .entrance, at: millisecond) == [])
        #expect(
            machine.deliveryDue(.towardTarget, at: 11 * millisecond)
                == [.write(hello, to: .target), .write(ByteBuffer(string: "!"), to: .target), .flush(.target)])
        let statistics = machine.takeStatistics()
        #expect(statistics.towardTarget == .init(bytes: 6, chunks: 2))
        #expect(statistics.connectionsAccepted == 1)
        #expect(statistics.connectionsOpen == 1)
        #expect(statistics.maxDelay == .milliseconds(10))
        #expect(machine.takeStatistics().isEmpty)
    }

    @Test func stopsReadingWhileTheOtherSideIsNotWritable() {
        var machine = relaying()
        #expect(machine.writabilityChanged(.target, isWritable: false) == [.stopReading(.entrance)])
        #expect(machine.writabilityChanged(.target, isWritable: true) == [.startReading(.entrance)])
    }

    @Test func stopsReadingWhenTooMuchWaitsInTheLink() {
        var machine = relaying(maxBytesInFlight: 10)
        #expect(machine.received(ByteBuffer(repeating: 1, count: 6), from: .target, at: 0) == [
            .scheduleDelivery(.back, at: 10 * millisecond)
        ])
        #expect(machine.received(ByteBuffer(repeating: 1, count: 6), from: .target, at: 0) == [.stopReading(.target)])
        let actions = machine.deliveryDue(.back, at: 10 * millisecond)
        #expect(actions.suffix(2) == [.flush(.entrance), .startReading(.target)])
    }

    @Test func blackholeHoldsBytesAndHealSchedulesThemFromTheHeal() {
        var machine = relaying()
        _ = machine.received(ByteBuffer(string: "held"), from: .entrance, at: 0)
        #expect(
            machine.cut(.blackhole)
                == [.cancelDelivery(.towardTarget), .stopReading(.entrance), .stopReading(.target)])
        #expect(machine.received(ByteBuffer(string: "late read"), from: .target, at: millisecond) == [])
        #expect(
            machine.heal(at: 500 * millisecond) == [
                .scheduleDelivery(.towardTarget, at: 510 * millisecond), .scheduleDelivery(.back, at: 510 * millisecond),
                .startReading(.entrance), .startReading(.target),
            ])
        #expect(machine.deliveryDue(.towardTarget, at: 510 * millisecond).first == .write(ByteBuffer(string: "held"), to: .target))
    }

    @Test func anObservingMachineReportsEachDeliveryAndWhatAHealReleases() {
        var machine = relaying()
        machine.observes = true
        _ = machine.received(ByteBuffer(string: "early"), from: .entrance, at: 0)
        _ = machine.deliveryDue(.towardTarget, at: 12 * millisecond)
        #expect(machine.takeObservations() == [.delivered(.towardTarget, bytes: 5, delay: .milliseconds(12))])
        _ = machine.received(ByteBuffer(string: "held"), from: .target, at: 20 * millisecond)
        _ = machine.cut(.blackhole)
        _ = machine.heal(at: 520 * millisecond)
        #expect(machine.takeObservations() == [.held(.back, bytes: 4, oldest: .milliseconds(500))])
        _ = machine.deliveryDue(.back, at: 530 * millisecond)
        #expect(machine.takeObservations() == [.delivered(.back, bytes: 4, delay: .milliseconds(510))])
        #expect(machine.takeObservations() == [])
    }

    @Test func aMachineThatDoesNotObserveKeepsNothing() {
        var machine = relaying()
        _ = machine.received(ByteBuffer(string: "x"), from: .entrance, at: 0)
        _ = machine.deliveryDue(.towardTarget, at: 10 * millisecond)
        #expect(machine.takeObservations() == [])
    }

    @Test func aBlackholedLinkConnectsOnwardOnlyWhenItHeals() {
        var machine = machine(status: .down(.blackhole))
        #expect(machine.start() == [])
        #expect(machine.heal(at: 0) == [.connectToTarget])
        #expect(machine.targetConnected() == [.startReading(.entrance), .startReading(.target)])
    }

    @Test func aResetCutResetsBothSides() {
        var machine = relaying()
        _ = machine.received(ByteBuffer(string: "lost"), from: .entrance, at: 0)
        #expect(
            machine.cut(.reset)
                == [.reset(.entrance), .reset(.target), .cancelDelivery(.towardTarget), .stopReading(.entrance), .stopReading(.target)])
        #expect(machine.isClosed)
        let statistics = machine.takeStatistics()
        #expect(statistics.connectionsReset == 1)
        #expect(statistics.connectionsOpen == 0)
    }

    @Test func aConnectionAcceptedWhileResetIsResetAtOnce() {
        var machine = machine(status: .down(.reset))
        #expect(machine.start() == [.reset(.entrance)])
        #expect(machine.isClosed)
    }

    @Test func aRefusedTargetResetsTheEntrance() {
        var machine = machine()
        #expect(machine.start() == [.connectToTarget])
        #expect(machine.targetConnectFailed() == [.reset(.entrance)])
        #expect(machine.takeStatistics().connectionsReset == 1)
    }

    @Test func finsCrossInOrderAndBothEndAnOrderlyClose() {
        var machine = relaying()
        _ = machine.received(ByteBuffer(string: "bye"), from: .entrance, at: 0)
        #expect(machine.inputClosed(.entrance, at: 0) == [.stopReading(.entrance)])
        #expect(
            machine.deliveryDue(.towardTarget, at: 10 * millisecond)
                == [.write(ByteBuffer(string: "bye"), to: .target), .flush(.target), .shutdownOutput(.target)])
        #expect(machine.inputClosed(.target, at: 20 * millisecond) == [
            .scheduleDelivery(.back, at: 30 * millisecond), .stopReading(.target),
        ])
        #expect(machine.deliveryDue(.back, at: 30 * millisecond) == [.shutdownOutput(.entrance)])
        #expect(machine.isClosed)
        #expect(machine.channelClosed(.entrance, at: 31 * millisecond) == [])
        let statistics = machine.takeStatistics()
        #expect(statistics.connectionsReset == 0)
        #expect(statistics.connectionsOpen == 0)
    }

    @Test func anAbruptCloseCrossesAsAResetBehindTheBytesInFlight() {
        var machine = relaying()
        _ = machine.received(ByteBuffer(string: "last words"), from: .entrance, at: 0)
        _ = machine.received(ByteBuffer(string: "never read"), from: .target, at: 0)
        #expect(
            machine.channelClosed(.entrance, at: millisecond)
                == [.cancelDelivery(.back), .stopReading(.entrance), .stopReading(.target)])
        #expect(
            machine.deliveryDue(.towardTarget, at: 11 * millisecond)
                == [.write(ByteBuffer(string: "last words"), to: .target), .reset(.target)])
        #expect(machine.isClosed)
        #expect(machine.takeStatistics().connectionsReset == 1)
    }

    @Test func closingTheRelayClosesBothSides() {
        var machine = relaying()
        #expect(machine.close() == [.close(.entrance), .close(.target), .stopReading(.entrance), .stopReading(.target)])
        #expect(machine.close() == [])
    }

    @Test func aTargetConnectedAfterTheEntranceLeftIsReset() {
        var machine = machine()
        _ = machine.start()
        #expect(machine.channelClosed(.entrance, at: 0) == [])
        #expect(machine.targetConnected() == [.reset(.target)])
    }

    @Test func newConditionsReachBothDirections() {
        var machine = relaying()
        machine.setConditions(LinkConditions(latency: .milliseconds(40)))
        #expect(machine.received(ByteBuffer(string: "x"), from: .target, at: 0) == [.scheduleDelivery(.back, at: 40 * millisecond)])
        #expect(machine.pipe(.towardTarget).conditions.latency == .milliseconds(40))
    }
}
