import NIOCore
import XMPPCore

/// The I/O every stream handler does, whatever machine it drives: parse what
/// arrives, write headers and elements (flushed once per read), insert TLS,
/// and close a stream with an optional error. A class, not a struct: a
/// flush or close can make NIO report the connection's end at once, and the
/// handler's reaction may write again; no exclusive access may span those calls.
final class StreamIO {
    let parser: XMLStreamParser
    private var writer: StreamWriter
    private(set) var flushPending = false
    /// Sees what is read and written (a recording); nil when unwatched.
    var observer: (any StreamObserver)?

    init(contentNamespace: String, limits: XMLStreamParser.Limits) {
        parser = XMLStreamParser(limits: limits)
        writer = StreamWriter(contentNamespace: contentNamespace)
    }

    func events(in buffer: ByteBuffer) -> [XMLStreamEvent] {
        observer?.streamRead(bytes: buffer.readableBytes)
        return buffer.withUnsafeReadableBytes { parser.feed($0) }
    }

    /// Tells the observer about a parsed event, just before the machine
    /// handles it (so a trace shows each request before its answer).
    @inline(__always)
    func handling(_ event: XMLStreamEvent) {
        observer?.streamReceived(event)
    }

    func write(_ header: StreamHeader, context: ChannelHandlerContext) {
        let bytes = writer.bytes(for: header, allocator: context.channel.allocator)
        observer?.streamSent(header: header, bytes: bytes.readableBytes)
        context.write(NIOAny(bytes), promise: nil)
        flushPending = true
    }

    func write(_ element: XMLElement, context: ChannelHandlerContext) {
        let bytes = writer.bytes(for: element, allocator: context.channel.allocator)
        observer?.streamSent(element: element, bytes: bytes.readableBytes)
        context.write(NIOAny(bytes), promise: nil)
        flushPending = true
    }

    /// Asks `observing` for this connection's observer (once, as it starts).
    func observe(_ observing: (any StreamObserving)?, role: StreamRole, node: String, channel: any Channel) {
        guard observer == nil, let observing else { return }
        observer = observing.observer(for: role, node: node, channel: channel)
    }

    /// The connection is gone: the observer hears it last, then is let go.
    func ended() {
        observer?.streamEnded()
        observer = nil
    }

    func flush(context: ChannelHandlerContext) {
        guard flushPending else { return }
        flushPending = false
        context.flush()
    }

    /// Writes `preface` and `<stream:error>` (when given) and
    /// `</stream:stream>`, then closes the connection.
    func close(_ error: StreamError?, preface: XMLElement? = nil, context: ChannelHandlerContext) {
        if let preface { write(preface, context: context) }
        if let error { write(error.element, context: context) }
        flushPending = false
        let channel = context.channel
        observer?.streamSentClose()
        context.writeAndFlush(NIOAny(writer.closingBytes(allocator: channel.allocator))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    /// Flushes what is pending (the `<proceed/>` goes out in the clear), then
    /// puts `handler` at the front of the pipeline. `false` (and the
    /// connection closed) when it cannot be added.
    func startTLS(_ handler: any ChannelHandler, context: ChannelHandlerContext) -> Bool {
        flush(context: context)
        do {
            try context.pipeline.syncOperations.addHandler(handler, position: .first)
            return true
        } catch {
            context.close(promise: nil)
            return false
        }
    }
}
