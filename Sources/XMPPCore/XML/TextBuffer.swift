/// Character data not yet attached to an element: libxml2 hands a text run
/// over in pieces (split at each entity reference), and the pieces are
/// joined here into one text node. Manually managed storage, like
/// `BuilderStack`: appending is a copy and emptying is a store, with no
/// generic array machinery in between; the owner calls `release()` before
/// dropping it. It never holds more than one text run, so at most
/// `maxStanzaBytes` plus one slice; a buffer grown past `keptCapacity` is
/// given back when it is emptied.
struct TextBuffer {
    private var base: UnsafeMutablePointer<UInt8>?
    private(set) var count = 0
    private var capacity = 0

    static let initialCapacity = 64
    static let keptCapacity = 4096

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity { grow(toHold: count + bytes.count) }
        (base.unsafelyUnwrapped + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// The bytes so far, valid until the next change.
    @inline(__always)
    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base, count: count)
    }

    /// The text so far as a string; the buffer is empty afterwards.
    @inline(__always)
    mutating func take() -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        removeAll()
        return text
    }

    /// Empties the buffer, giving a grown one back.
    @inline(__always)
    mutating func removeAll() {
        count = 0
        if capacity > Self.keptCapacity { release() }
    }

    mutating func release() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
    }

    @inline(never)
    private mutating func grow(toHold needed: Int) {
        var newCapacity = max(Self.initialCapacity, capacity)
        while newCapacity < needed { newCapacity *= 2 }
        base = reallocate(base, count: count, capacity: newCapacity)
        capacity = newCapacity
    }
}
