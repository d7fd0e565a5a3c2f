import Foundation

// MARK: - Punycode (RFC 3492)

extension JID {
    /// The Bootstring parameters and algorithms of RFC 3492, used to turn
    /// A-labels into U-labels and to measure a U-label's A-label length.
    enum Punycode {
        private static let base = 36
        private static let tMin = 1
        private static let tMax = 26
        private static let skew = 38
        private static let damp = 700
        private static let initialBias = 72
        private static let initialN = 0x80
        private static let limit = Int(Int32.max)

        /// The Punycode text (without "xn--") of `scalars`, or `nil` if a
        /// count overflows.
        static func encode(_ scalars: [Unicode.Scalar]) -> String? {
            var output: [UInt8] = scalars.filter(\.isASCII).map { UInt8($0.value) }
            let basicCount = output.count
            var handled = basicCount
            if basicCount > 0 { output.append(UInt8(ascii: "-")) }

            var n = initialN
            var delta = 0
            var bias = initialBias
            while handled < scalars.count {
                guard let next = scalars.lazy.map({ Int($0.value) }).filter({ $0 >= n }).min() else { return nil }
                delta += (next - n) * (handled + 1)
                guard delta <= limit else { return nil }
                n = next
                for scalar in scalars {
                    let value = Int(scalar.value)
                    if value < n {
                        delta += 1
                        guard delta <= limit else { return nil }
                    }
                    guard value == n else { continue }
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias: bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, points: handled + 1, first: handled == basicCount)
                    delta = 0
                    handled += 1
                }
                delta += 1
                n += 1
            }
            return String(decoding: output, as: UTF8.self)
        }

        /// The code points encoded by Punycode text (without "xn--"), or
        /// `nil` if it is not valid Punycode.
        static func decode(_ input: [UInt8]) -> [Unicode.Scalar]? {
            let delimiter = input.lastIndex(of: UInt8(ascii: "-"))
            var output: [Unicode.Scalar] = []
            if let delimiter {
                for byte in input[..<delimiter] {
                    guard byte < 0x80 else { return nil }
                    output.append(Unicode.Scalar(byte))
                }
            }
            var position = delimiter.map { $0 + 1 } ?? 0
            var n = initialN
            var i = 0
            var bias = initialBias
            while position < input.count {
                let oldI = i
                var weight = 1
                var k = base
                while true {
                    guard position < input.count, let value = digitValue(input[position]) else { return nil }
                    position += 1
                    i += value * weight
                    guard i <= limit else { return nil }
                    let t = threshold(k, bias: bias)
                    if value < t { break }
                    weight *= base - t
                    guard weight <= limit else { return nil }
                    k += base
                }
                let count = output.count + 1
                bias = adapt(i - oldI, points: count, first: oldI == 0)
                n += i / count
                i %= count
                guard n >= initialN, let scalar = Unicode.Scalar(UInt32(clamping: n)) else { return nil }
                output.insert(scalar, at: i)
                i += 1
            }
            return output
        }

        private static func threshold(_ k: Int, bias: Int) -> Int {
            if k <= bias { return tMin }
            if k >= bias + tMax { return tMax }
            return k - bias
        }

        private static func adapt(_ delta: Int, points: Int, first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / points
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }

        /// 0–25 are "a"–"z", 26–35 are "0"–"9".
        private static func digit(_ value: Int) -> UInt8 {
            value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
        }

        private static func digitValue(_ byte: UInt8) -> Int? {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0")) + 26
            default: nil
            }
        }
    }
}
