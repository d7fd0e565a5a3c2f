import LabNet
import LabNetLoopback
import NIOCore
import NIOPosix
import Testing

@Suite struct LoopbackFabricTests {
    @Test func refusesAddressesOutsideLoopback() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let fabric = LoopbackFabric()
        await #expect(throws: NetworkFabricError.self) {
            _ = try await fabric.connect(to: NetworkAddress(host: "192.0.2.1", port: 5269), eventLoop: group.next()) { $0.eventLoop.makeSucceededVoidFuture() }.get()
        }
        try await group.shutdownGracefully()
    }
}
