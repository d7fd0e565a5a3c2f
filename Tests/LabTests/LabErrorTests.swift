import Lab
import Testing

@Suite struct LabErrorTests {
    @Test func describesItselfByItsMessage() {
        #expect(LabError("no such server").description == "no such server")
    }
}
