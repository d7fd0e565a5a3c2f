import XMPPCore
import XMPPProtocol

/// What every stream machine accepts from the XML parser, so one switch turns
/// parser events into machine events for all handlers.
protocol StreamEventMachine {
    associatedtype Action
    mutating func streamOpened(_ header: StreamHeader) -> [Action]
    mutating func received(_ element: XMLElement) -> [Action]
    mutating func streamClosed() -> [Action]
    mutating func parseFailed(_ error: StreamError) -> [Action]
}

extension StreamEventMachine {
    /// Feeds one parser event to the machine.
    mutating func handle(_ event: XMLStreamEvent) -> [Action] {
        switch event {
        case .streamOpened(let header): streamOpened(header)
        case .element(let element): received(element)
        case .streamClosed: streamClosed()
        case .failed(let error): parseFailed(error)
        }
    }
}

extension C2SServerStream: StreamEventMachine {}
extension C2SClientStream: StreamEventMachine {}
extension S2SOutgoingStream: StreamEventMachine {}
extension S2SIncomingStream: StreamEventMachine {}
