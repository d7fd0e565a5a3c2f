import Testing
import XMPPCore

@testable import XMPPProtocol

/// `DialbackKey`: XEP-0185 §2 key generation, checked against the worked
/// examples of XEP-0185 §3 and XEP-0220 §2.1.1 / §2.2.2.
struct DialbackKeyTests {
    @Test func xep0185WorkedExample() {
        // HMAC-SHA256(hex(SHA256("s3cr3tf0rd14lb4ck")) = "a7136eb1…9acc",
        //             "xmpp.example.com example.org D60000229F")
        let key = DialbackKey(
            secret: DialbackSecret("s3cr3tf0rd14lb4ck"),
            receivingServer: "xmpp.example.com", originatingServer: "example.org", streamID: "D60000229F")
        #expect(key.value == "37c69b1cf07a3f67c04a5ef5902fa5114f2c76fe4a2686482ba5b89323075643")
    }

    @Test func xep0220Examples() {
        let capulet = DialbackKey(
            secret: DialbackSecret("s3cr3tf0rd14lb4ck"),
            receivingServer: "montague.example", originatingServer: "capulet.example", streamID: "D60000229F")
        #expect(capulet.value == "b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3")
        let montague = DialbackKey(
            secret: DialbackSecret("d14lb4ck43v3r"),
            receivingServer: "capulet.example", originatingServer: "montague.example", streamID: "417GAF25")
        #expect(montague.value == "225cc5aa6a071133249d25fef42ae516fc7a86c523aa1c6980a7f73e784c972d")
    }

    @Test func everyInputChangesTheKey() {
        let secret = DialbackSecret("s3cr3tf0rd14lb4ck")
        let base = DialbackKey(secret: secret, receivingServer: "a.example", originatingServer: "b.example", streamID: "1")
        let others = [
            DialbackKey(secret: DialbackSecret("other"), receivingServer: "a.example", originatingServer: "b.example", streamID: "1"),
            DialbackKey(secret: secret, receivingServer: "b.example", originatingServer: "a.example", streamID: "1"),
            DialbackKey(secret: secret, receivingServer: "a.example", originatingServer: "b.example", streamID: "2"),
        ]
        for other in others { #expect(!base.matches(other)) }
        #expect(base.value.count == 64)
    }

    @Test func matchingIgnoresSurroundingWhitespaceOnly() {
        let key = DialbackKey("37c69b1cf07a3f67c04a5ef5902fa5114f2c76fe4a2686482ba5b89323075643")
        #expect(key.matches(DialbackKey("\n    37c69b1cf07a3f67c04a5ef5902fa5114f2c76fe4a2686482ba5b89323075643\n")))
        #expect(!key.matches(DialbackKey("37c69b1cf07a3f67c04a5ef5902fa5114f2c76fe4a2686482ba5b89323075644")))
        #expect(!key.matches(DialbackKey("37c69b1c")))
        #expect(!key.matches(DialbackKey("")))
    }

    @Test func secretsComeFromTheCallersGenerator() {
        var first = SeededGenerator(seed: 7), second = SeededGenerator(seed: 7), third = SeededGenerator(seed: 8)
        let secret = DialbackSecret.make(using: &first)
        #expect(secret.bytes.count == 32)
        #expect(secret == DialbackSecret.make(using: &second))
        #expect(secret != DialbackSecret.make(using: &third))
    }
}
