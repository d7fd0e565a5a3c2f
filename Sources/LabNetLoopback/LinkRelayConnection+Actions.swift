import LabNet
import NIOCore
import NIOPosix

/// How a relayed connection performs what its machine asks for.
extension LinkRelayConnection {
    func channel(_ side: LinkSide) -> (any Channel)? {
        side == .entrance ? entrance : target
    }

    func perform(_ actions: [LinkConnectionMachine.Action]) {
        for action in actions {
            switch action {
            case .connectToTarget:
                connectToTarget()
            case .write(let bytes, let side):
                channel(side)?.write(bytes, promise: nil)
            case .flush(let side):
                channel(side)?.flush()
            case .shutdownOutput(let side):
                guard let channel = channel(side) else { break }
                // An empty write completes once everything written before it
                // has gone out; only then is the output shut down (NIO closes
                // the whole channel at once when its input is already closed).
                channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).assumeIsolated().whenComplete { _ in
                    channel.close(mode: .output, promise: nil)
                }
            case .close(let side):
                channel(side)?.close(promise: nil)
            case .reset(let side):
                if let channel = channel(side) { LinkRelay.reset(channel) }
            case .scheduleDelivery(let direction, let time):
                timers.removeValue(forKey: direction)?.cancel()
                timers[direction] = eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(time)) {
                    [self] in
                    timers[direction] = nil
                    let now = currentTime
                    handle { $0.deliveryDue(direction, at: now) }
                }
            case .cancelDelivery(let direction):
                timers.removeValue(forKey: direction)?.cancel()
            case .startReading(let side):
                handlers[side]?.setReading(true)
            case .stopReading(let side):
                handlers[side]?.setReading(false)
            }
        }
    }

    func connectToTarget() {
        connectPending = true
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        ClientBootstrap(group: eventLoop)
            .connectTimeout(LinkRelay.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = LinkRelaySideHandler(side: .target, connection: bound.value)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    bound.value.attach(handler)
                }
            }
            .connect(to: targetAddress)
            .assumeIsolated()
            .whenComplete { [self] result in
                connectPending = false
                switch result {
                case .success(let channel):
                    target = channel
                    channel.closeFuture.assumeIsolated().whenComplete { [self] _ in
                        targetClosed = true
                        finishIfDone()
                    }
                    handle { $0.targetConnected() }
                case .failure:
                    handlers[.target] = nil
                    handle { $0.targetConnectFailed() }
                }
                finishIfDone()
            }
    }
}
