#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Attribute values and the text of leaf elements that recur from stanza to
/// stanza, looked up by their bytes: a hit hands out the string (or the
/// one-node children array) made the first time, shared by reference, so it
/// costs no allocation, no UTF-8 validation and no copy, and no free when
/// the stanza goes. Addresses (`from`, `to`, `jid`), capability hashes and
/// `<show>`, `<priority>` or `<thread>` texts repeat on most streams.
///
/// Strings and arrays are values: a shared buffer is copied on write, so
/// sharing is invisible to whoever reads or changes the trees. Only short
/// runs are cached (long ones are seldom repeated, and hashing them would
/// cost more than a hit saves); attribute values shorter than a small string
/// are not (`String` stores those inline, without allocating).
///
/// Fixed in size (`slots` entries in sets of `ways`: a new entry takes the
/// first place of its set and the oldest one goes), so endless
/// distinct values cannot grow it; allocated on first use, and manually
/// managed like `BuilderStack`: the owner calls `release()` before dropping
/// it.
struct RecurringTextCache {
    static let setBits = 4
    static let ways = 4
    static var slots: Int { ways << setBits }
    /// Longest run cached, in bytes.
    static let maxLength = 64
    /// Shortest attribute value cached: shorter strings are small strings.
    static let minAttributeLength = 16

    private var storage: UnsafeMutablePointer<Entry>?

    private struct Entry {
        /// `hash(of:)` of the text, 0 for an empty entry.
        var hash: UInt64 = 0
        var text: String = ""
        /// `[.text(text)]` once a leaf element has asked for it, else empty.
        var leafChildren: [XMLNode] = []
    }

    /// An attribute value without ampersands (`String(decodingAttributeValue:)`
    /// for the others).
    @inline(__always)
    mutating func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count >= Self.minAttributeLength, bytes.count <= Self.maxLength,
              memchr(bytes.baseAddress.unsafelyUnwrapped, Int32(UInt8(ascii: "&")), bytes.count) == nil
        else { return String(decodingAttributeValue: bytes) }
        return entry(for: bytes).pointee.text
    }

    /// The children of an element whose only content is this text (not
    /// empty, at most `maxLength` bytes).
    @inline(__always)
    mutating func leafChildren(_ bytes: UnsafeBufferPointer<UInt8>) -> [XMLNode] {
        let entry = entry(for: bytes)
        if entry.pointee.leafChildren.isEmpty {
            entry.pointee.leafChildren = [.text(entry.pointee.text)]
        }
        return entry.pointee.leafChildren
    }

    /// Whether an entry holds `text` (for tests: what the cache keeps).
    func holds(_ text: String) -> Bool {
        guard let storage else { return false }
        return (0..<Self.slots).contains { storage[$0].hash != 0 && storage[$0].text == text }
    }

    mutating func release() {
        guard let storage else { return }
        storage.deinitialize(count: Self.slots)
        storage.deallocate()
        self.storage = nil
    }

    /// The entry holding `bytes`, made now if there is none.
    @inline(__always)
    private mutating func entry(for bytes: UnsafeBufferPointer<UInt8>) -> UnsafeMutablePointer<Entry> {
        let hash = Self.hash(of: bytes)
        if let storage {
            let set = storage + Self.setIndex(hash)
            for way in 0..<Self.ways where set[way].hash == hash && set[way].text.hasUTF8(bytes) {
                return set + way
            }
        }
        return insert(bytes, hash: hash)
    }

    @inline(never)
    private mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UnsafeMutablePointer<Entry> {
        if storage == nil {
            let storage = UnsafeMutablePointer<Entry>.allocate(capacity: Self.slots)
            storage.initialize(repeating: Entry(), count: Self.slots)
            self.storage = storage
        }
        let set = storage.unsafelyUnwrapped + Self.setIndex(hash)
        // The oldest entry of the set goes; the others move one place down.
        (set + Self.ways - 1).deinitialize(count: 1)
        (set + 1).moveInitialize(from: set, count: Self.ways - 1)
        set.initialize(to: Entry(hash: hash, text: String(decoding: bytes, as: UTF8.self)))
        return set
    }

    /// The first slot of the set for `hash`: its top bits.
    @inline(__always)
    private static func setIndex(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> (64 - UInt64(setBits))) &* ways
    }

    /// A hash of the length and of the first, middle and last eight bytes,
    /// never 0 (an entry is compared byte for byte before it is used).
    /// The set is chosen by the top bits, which the last multiplication
    /// mixes best.
    @inline(__always)
    static func hash(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let start = UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped)
        let count = bytes.count
        var mixed = UInt64(truncatingIfNeeded: count)
        if count >= 8 {
            mixed ^= start.loadUnaligned(as: UInt64.self) &* 0x9E37_79B9_7F4A_7C15
            mixed ^= start.loadUnaligned(fromByteOffset: (count - 8) / 2, as: UInt64.self) &* 0xC2B2_AE3D_27D4_EB4F
            mixed ^= start.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) &* 0x1656_67B1_9E37_79F9
        } else {
            var word: UInt64 = 0
            for index in 0..<count { word |= UInt64(bytes[index]) << (8 * UInt64(index)) }
            mixed ^= word &* 0x9E37_79B9_7F4A_7C15
        }
        mixed ^= mixed >> 32
        mixed &*= 0xD6E8_FEB8_6659_FD93
        mixed ^= mixed >> 29
        return mixed | (1 << 58)
    }
}

extension String {
    /// Whether this string's UTF-8 is exactly `bytes`.
    @inline(__always)
    fileprivate func hasUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.withContiguousStorageIfAvailable { own in
            own.count == bytes.count && memcmp(own.baseAddress.unsafelyUnwrapped, bytes.baseAddress.unsafelyUnwrapped, own.count) == 0
        } ?? false
    }
}
