import CLibXML2
import XMPPCore

/// Issue 2: parser and serializer throughput against the physical limit of
/// the design — libxml2's push parser with callbacks that only count.
enum ParserBenchmark {
    static let stanzaCount = 100_000
    static let chunkSize = 4096
    static let repetitions = 7

    static func run() {
        let bytes = SampleStream.bytes(stanzas: stanzaCount)
        let megabytes = Double(bytes.count) / 1_000_000
        print("== XML stream parser (\(stanzaCount) stanzas, \(format(megabytes)) MB, \(chunkSize)-byte chunks, best of \(repetitions))")

        // The two parsers take turns, round by round, so both see the same
        // machine load; the best round of each counts. Like a server, ours
        // hands each stanza on as it completes (see `Digest`).
        var digest = Digest()
        var counted = 0
        var parserSeconds = Double.infinity
        var countingSeconds = Double.infinity
        for _ in 0..<repetitions {
            parserSeconds = min(parserSeconds, Stopwatch.best(of: 1) {
                digest = Digest()
                parseWithXMPPCore(bytes) { digest.add($0) }
            })
            countingSeconds = min(countingSeconds, Stopwatch.best(of: 1) {
                counted = countWithLibxml2(bytes)
            })
        }
        precondition(digest.stanzas == stanzaCount, "parser lost stanzas: \(digest.stanzas)")
        precondition(counted >= stanzaCount, "counting parser saw \(counted) elements")

        let parserRate = megabytes / parserSeconds
        let limitRate = megabytes / countingSeconds
        print("xmpplab parser (full stanza trees): \(format(parserRate)) MB/s, \(Int(Double(stanzaCount) / parserSeconds)) stanzas/s")
        print("libxml2 push parser, counting only: \(format(limitRate)) MB/s, \(Int(Double(stanzaCount) / countingSeconds)) stanzas/s")
        print("ratio (ours / limit): \(format(100 * parserRate / limitRate))% (aim: >= 50%)")

        var parsedStanzas: [XMLElement] = []
        parsedStanzas.reserveCapacity(stanzaCount)
        parseWithXMPPCore(bytes) { parsedStanzas.append($0) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 1024)
        let serializerSeconds = Stopwatch.best(of: repetitions) {
            output.removeAll(keepingCapacity: true)
            for stanza in parsedStanzas {
                XMLSerializer.serialize(stanza, into: &output, inheritedNamespace: XMLNamespace.client)
            }
        }
        let outputMegabytes = Double(output.count) / 1_000_000
        print("serializer: \(format(outputMegabytes / serializerSeconds)) MB/s, \(Int(Double(stanzaCount) / serializerSeconds)) stanzas/s")
        print("")
    }

    static func parseWithXMPPCore(_ bytes: [UInt8], _ handle: (XMLElement) -> Void) {
        let parser = XMLStreamParser()
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let end = min(offset + chunkSize, buffer.count)
                for event in parser.feed(UnsafeRawBufferPointer(rebasing: buffer[offset..<end])) {
                    switch event {
                    case .element(let element): handle(element)
                    case .failed(let error): fatalError("benchmark stream failed: \(error)")
                    case .streamOpened, .streamClosed: break
                    }
                }
                offset = end
            }
        }
    }

    /// What a router reads of each stanza: its name, addresses and children.
    /// (The trees are built in XMPPCore, which the benchmark cannot inline,
    /// so nothing of them is optimised away.)
    struct Digest {
        var stanzas = 0
        var children = 0
        var addressed = 0

        mutating func add(_ element: XMLElement) {
            stanzas += 1
            children += element.children.count
            if element[attribute: "to"] != nil { addressed += 1 }
        }
    }

    /// libxml2's push parser with the same options, counting start tags.
    static func countWithLibxml2(_ bytes: [UInt8]) -> Int {
        let counter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        counter.initialize(to: 0)
        defer { counter.deallocate() }
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { user, _, _, _, _, _, _, _, _ in
            user.unsafelyUnwrapped.assumingMemoryBound(to: Int.self).pointee += 1
        }
        guard let context = xmlCreatePushParserCtxt(&handler, counter, nil, 0, nil) else { return 0 }
        defer { xmlFreeParserCtxt(context) }
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let end = min(offset + chunkSize, buffer.count)
                xmlParseChunk(context, buffer.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self), Int32(end - offset), 0)
                offset = end
            }
        }
        return counter.pointee
    }
}
