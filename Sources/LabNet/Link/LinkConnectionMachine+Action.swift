import NIOCore

extension LinkConnectionMachine {
    /// What the driver must do, in order.
    public enum Action: Hashable {
        /// Open the onward connection to the target; answer with
        /// `targetConnected` or `targetConnectFailed`.
        case connectToTarget
        /// Write bytes to a side (without flushing).
        case write(ByteBuffer, to: LinkSide)
        case flush(LinkSide)
        /// Half-close a side's output (FIN) once the bytes written to it so far
        /// have gone out.
        case shutdownOutput(LinkSide)
        /// Close a side now (the relay is closing).
        case close(LinkSide)
        /// Close a side with a TCP reset now.
        case reset(LinkSide)
        /// Arm the delivery timer of a direction for this time, replacing the
        /// one armed; when it fires, call `deliveryDue`.
        case scheduleDelivery(LinkDirection, at: UInt64)
        case cancelDelivery(LinkDirection)
        case startReading(LinkSide)
        case stopReading(LinkSide)
    }
}
