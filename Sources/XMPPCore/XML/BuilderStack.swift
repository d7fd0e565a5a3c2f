/// A stack with manually managed storage for `StanzaBuilder`: the open
/// elements of the current stanza, and the finished children of those
/// elements in document order (an element's children are the entries from
/// the position it started at, and its end tag moves them into one array of
/// exactly their number). Compared with Swift arrays, pushing and popping
/// pay no uniqueness or exclusivity checks and no outlined generic code;
/// compared with an array of children per element, an element's children
/// cost no reservation and no capacity check each, no regrowth when there
/// are many and no unused room when there is one.
///
/// The owner calls `release()` before dropping it. It holds at most the
/// elements of one stanza (so at most `maxStanzaBytes` of input's worth);
/// a buffer grown past `keptCapacity` by a large stanza is given back once
/// that stanza is complete (`trim()`).
struct BuilderStack<Element> {
    private var base: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private var capacity = 0

    static var initialCapacity: Int { 8 }
    static var keptCapacity: Int { 256 }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    mutating func push(_ element: Element) {
        if count == capacity { grow() }
        (base.unsafelyUnwrapped + count).initialize(to: element)
        count += 1
    }

    /// The top entry, in place.
    @inline(__always)
    var last: UnsafeMutablePointer<Element> {
        base.unsafelyUnwrapped + (count - 1)
    }

    /// Removes and returns the top entry; the stack must not be empty.
    @inline(__always)
    mutating func popLast() -> Element {
        count -= 1
        return (base.unsafelyUnwrapped + count).move()
    }

    /// Removes the entries from `start` on and returns them as an array.
    @inline(__always)
    mutating func pop(from start: Int) -> [Element] {
        let moved = count - start
        guard moved > 0, let base else { return [] }
        count = start
        // Most elements with children have a few (a leaf has one text
        // node): an array literal allocates in one step.
        let first = base + start
        switch moved {
        case 1: return [first.move()]
        case 2: return [first.move(), (first + 1).move()]
        case 3: return [first.move(), (first + 1).move(), (first + 2).move()]
        case 4: return [first.move(), (first + 1).move(), (first + 2).move(), (first + 3).move()]
        default: break
        }
        // Not Array(unsafeUninitializedCapacity:): that allocates through an
        // unspecialized path that looks the array's type metadata up in the
        // runtime's cache every time (measured: 13 % of the parser's time).
        var result: [Element] = []
        result.reserveCapacity(moved)
        for index in start..<(start + moved) {
            result.append((base + index).move())
        }
        return result
    }

    /// Between stanzas: gives back a buffer a large stanza left grown.
    mutating func trim() {
        if count == 0, capacity > Self.keptCapacity { release() }
    }

    /// Destroys what is left and frees the buffer.
    mutating func release() {
        if let base {
            base.deinitialize(count: count)
            base.deallocate()
        }
        base = nil
        count = 0
        capacity = 0
    }

    @inline(never)
    private mutating func grow() {
        let newCapacity = max(Self.initialCapacity, 2 * capacity)
        base = reallocate(base, count: count, capacity: newCapacity)
        capacity = newCapacity
    }
}
