import Testing
@testable import LabNet

struct NetworkAddressTests {
    @Test func describesIPv4AndIPv6() {
        #expect(NetworkAddress(host: "127.0.0.1", port: 5222).description == "127.0.0.1:5222")
        #expect(NetworkAddress(host: "::1", port: 5269).description == "[::1]:5269")
    }

    @Test func fabricErrorsSayWhatIsWrong() {
        let error = NetworkFabricError(.notLoopback, address: NetworkAddress(host: "10.0.0.1", port: 1))
        #expect(error.description == "10.0.0.1:1 is not a loopback address (127.0.0.0/8 or ::1)")
    }
}
