import NIOCore

/// The only way virtual servers and clients reach the network.
///
/// Servers and clients never open sockets themselves: they listen and connect
/// through a fabric, so the same code runs on real loopback TCP
/// (`LabNetLoopback`) and, later, on a virtual-time fabric. Every channel a
/// fabric hands out runs on the event loop the caller names, so protocol code
/// stays on one loop and takes its time from it.
public protocol NetworkFabric: Sendable {
    /// Listens for TCP connections on `address` (port 0 asks the fabric for a
    /// free port). Each accepted channel is set up by `childChannelInitializer`
    /// on `eventLoop`.
    func listen(
        on address: NetworkAddress,
        eventLoop: any EventLoop,
        childChannelInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any NetworkListener>

    /// Opens a TCP connection to `address`; the channel is set up by
    /// `channelInitializer` on `eventLoop` before any byte moves.
    func connect(
        to address: NetworkAddress,
        eventLoop: any EventLoop,
        channelInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel>

    /// Drops `channel` abruptly, as a crashing host would: no stream close, no
    /// orderly TCP shutdown where the fabric can avoid one (a reset on
    /// loopback).
    func abort(_ channel: any Channel)

    /// Resolves `service` for `domain` in `dns`, as `querier` asks it
    /// (RFC 6120 §3.2: SRV, else the A/AAAA fallback), on `eventLoop`.
    /// The fabric decides how long DNS takes: an answer at once on real
    /// loopback, a query that gets no answer only after `dns.queryTimeout`.
    func resolve(
        _ service: DNSService, domain: String, from querier: String, in dns: SimulatedDNS, eventLoop: any EventLoop
    ) -> EventLoopFuture<DNSResolution>
}

extension NetworkFabric {
    public func resolve(
        _ service: DNSService, domain: String, from querier: String, in dns: SimulatedDNS, eventLoop: any EventLoop
    ) -> EventLoopFuture<DNSResolution> {
        let resolution = dns.resolveTargets(service: service, domain: domain, from: querier)
        guard resolution == .timedOut else { return eventLoop.makeSucceededFuture(resolution) }
        return eventLoop.scheduleTask(in: TimeAmount(dns.queryTimeout)) { resolution }.futureResult
    }
}

/// A listening socket handed out by a fabric.
public protocol NetworkListener: Sendable {
    /// The address actually bound (with the port the fabric chose for port 0).
    var address: NetworkAddress { get }
    /// Stops accepting; connections already accepted are not touched.
    func close() -> EventLoopFuture<Void>
}
