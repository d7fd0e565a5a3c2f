import NIOCore
import XMPPCore

/// Turns stream headers and first-level elements into bytes for a channel.
/// One per connection; reuses its scratch buffer (grown to the largest
/// element written, nothing reserved up front: idle sessions stay small) so a
/// stanza costs one copy.
struct StreamWriter {
    let contentNamespace: String
    /// Namespace URI → prefix, as declared by the header we sent (e.g. `db`).
    private var prefixes: [String: String] = [:]
    private var scratch: [UInt8] = []

    init(contentNamespace: String) {
        self.contentNamespace = contentNamespace
    }

    mutating func bytes(for element: XMLElement, allocator: ByteBufferAllocator) -> ByteBuffer {
        scratch.removeAll(keepingCapacity: true)
        XMLSerializer.serializeStreamChild(element, into: &scratch, contentNamespace: contentNamespace, prefixes: prefixes)
        var buffer = allocator.buffer(capacity: scratch.count)
        buffer.writeBytes(scratch)
        return buffer
    }

    /// The header; its prefixed namespaces are used for the elements that follow.
    mutating func bytes(for header: StreamHeader, allocator: ByteBufferAllocator) -> ByteBuffer {
        prefixes = Dictionary(header.namespaces.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        return allocator.buffer(string: header.opening)
    }

    func closingBytes(allocator: ByteBufferAllocator) -> ByteBuffer {
        allocator.buffer(string: StreamHeader.closing)
    }
}
