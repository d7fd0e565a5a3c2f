import Testing
@testable import XMPPCore

@Suite("XMLStreamParser: any chunking gives the same events")
struct XMLStreamParserChunkingTests {
    static let bytes = Array(TestStreams.rich.utf8)
    static let whole = TestStreams.events(TestStreams.rich)

    @Test func wholeStreamParsesCleanly() {
        #expect(Self.whole.count == 7)
        #expect(Self.whole.last == .streamClosed)
    }

    @Test func splitAtEveryBytePosition() {
        for offset in 1..<Self.bytes.count {
            let events = TestStreams.events(Self.bytes, splitAt: [offset])
            #expect(events == Self.whole, "split at byte \(offset)")
            if events != Self.whole { return }
        }
    }

    @Test func oneByteAtATime() {
        #expect(TestStreams.events(Self.bytes, splitAt: Array(1..<Self.bytes.count)) == Self.whole)
    }

    @Test func randomChunkings() {
        var random = SeededGenerator(seed: 2026)
        for round in 0..<300 {
            var offsets: [Int] = []
            var position = 0
            while true {
                position += Int.random(in: 1...64, using: &random)
                if position >= Self.bytes.count { break }
                offsets.append(position)
            }
            let events = TestStreams.events(Self.bytes, splitAt: offsets)
            #expect(events == Self.whole, "round \(round), offsets \(offsets)")
            if events != Self.whole { return }
        }
    }

    @Test func splitsInsideMultibyteCharacters() {
        // Every offset that falls inside a multibyte UTF-8 sequence.
        let inside = Self.bytes.indices.filter { $0 > 0 && Self.bytes[$0] & 0xC0 == 0x80 }
        #expect(inside.count > 10)
        for offset in inside {
            #expect(TestStreams.events(Self.bytes, splitAt: [offset]) == Self.whole, "split at byte \(offset)")
        }
        #expect(TestStreams.events(Self.bytes, splitAt: inside) == Self.whole)
    }
}
