import Testing

@testable import XMPPProtocol

/// `SASLBase64`: RFC 4648 §10 vectors and the strictness RFC 6120 §6.4.2 asks.
struct SASLBase64Tests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(_ plain: String, _ encoded: String) {
        #expect(SASLBase64.encode(Array(plain.utf8)) == encoded)
        #expect(SASLBase64.decode(encoded) == Array(plain.utf8))
    }

    @Test func roundTripsEveryByteValueAndLength() {
        let bytes = (0..<256).map { UInt8($0) }
        for length in 0...bytes.count {
            let slice = Array(bytes.prefix(length))
            #expect(SASLBase64.decode(SASLBase64.encode(slice)) == slice)
        }
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm9", "Z===", "====", "Zg==Zg==", "Zm9v Yg==", "Zm9v\nYg==", " Zm9v",
        "Zh==", "Zm9=", "Zm*v", "Zm9vYg=a", "Zm-_", "=Zm9",
    ])
    func rejectsNonCanonicalBase64(_ text: String) {
        #expect(SASLBase64.decode(text) == nil)
    }
}
