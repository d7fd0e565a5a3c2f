import NIOCore
import Testing
@testable import LabNet

struct LinkPipeTests {
    let millisecond: UInt64 = 1_000_000

    func pipe(_ conditions: LinkConditions) -> LinkPipe {
        LinkPipe(schedule: LinkSchedule(conditions: conditions, seed: 3))
    }

    @Test func deliversInOrderWhenDueThenItsEnd() {
        var pipe = pipe(LinkConditions(latency: .milliseconds(10)))
        #expect(pipe.send(ByteBuffer(string: "one"), at: 0) == 10 * millisecond)
        pipe.send(ByteBuffer(string: "two"), at: 5 * millisecond)
        pipe.end(.eof, at: 6 * millisecond)
        pipe.send(ByteBuffer(string: "after the end"), at: 7 * millisecond)
        #expect(pipe.queuedBytes == 6)
        #expect(pipe.state == .ending(.eof))
        #expect(pipe.nextDue == 10 * millisecond)

        #expect(pipe.takeDue(at: 9 * millisecond).isEmpty)
        #expect(pipe.takeDue(at: 15 * millisecond) == [.bytes(ByteBuffer(string: "one")), .bytes(ByteBuffer(string: "two"))])
        #expect(pipe.queuedBytes == 0)
        #expect(!pipe.isDone)
        #expect(pipe.takeDue(at: 16 * millisecond) == [.end(.eof)])
        #expect(pipe.state == .finished(.eof))
        #expect(pipe.isDone)
        #expect(pipe.nextDue == nil)
    }

    @Test func rescheduleCountsTheLatencyAgainFromNow() {
        var pipe = pipe(LinkConditions(latency: .milliseconds(10)))
        pipe.send(ByteBuffer(string: "held"), at: 0)
        pipe.end(.eof, at: 0)
        #expect(pipe.reschedule(from: 500 * millisecond) == 10 * millisecond)
        #expect(pipe.nextDue == 510 * millisecond)
        #expect(pipe.takeDue(at: 510 * millisecond) == [.bytes(ByteBuffer(string: "held")), .end(.eof)])
    }

    @Test func discardLosesWhatIsInFlight() {
        var pipe = pipe(LinkConditions(latency: .milliseconds(10)))
        pipe.send(ByteBuffer(string: "lost"), at: 0)
        pipe.discard()
        #expect(pipe.state == .broken)
        #expect(pipe.queuedBytes == 0)
        #expect(pipe.takeDue(at: .max).isEmpty)
        pipe.end(.reset, at: 0)
        #expect(pipe.state == .broken)
    }
}
