import NIOCore
import XMPPCore

/// Turns stream headers and first-level elements into bytes for a channel.
/// One per connection; reuses its scratch buffer (grown to the largest
/// element written, nothing reserved up front: idle sessions stay small) so a
/// stanza costs one copy.
struct StreamWriter {
    let contentNamespace: String
    private var scratch: [UInt8] = []

    init(contentNamespace: String) {
        self.contentNamespace = contentNamespace
    }

    mutating func bytes(for element: XMLElement, allocator: ByteBufferAllocator) -> ByteBuffer {
        scratch.removeAll(keepingCapacity: true)
        XMLSerializer.serializeStreamChild(element, into: &scratch, contentNamespace: contentNamespace)
        var buffer = allocator.buffer(capacity: scratch.count)
        buffer.writeBytes(scratch)
        return buffer
    }

    func bytes(for header: StreamHeader, allocator: ByteBufferAllocator) -> ByteBuffer {
        allocator.buffer(string: header.opening)
    }

    func closingBytes(allocator: ByteBufferAllocator) -> ByteBuffer {
        allocator.buffer(string: StreamHeader.closing)
    }
}
