import CLibXML2
import XMPPCore

/// Issue 2: parser and serializer throughput against the physical limit of
/// the design — libxml2's push parser with callbacks that only count.
enum ParserBenchmark {
    static let stanzaCount = 100_000
    static let chunkSize = 4096
    static let repetitions = 5

    static func run() {
        let bytes = SampleStream.bytes(stanzas: stanzaCount)
        let megabytes = Double(bytes.count) / 1_000_000
        print("== XML stream parser (\(stanzaCount) stanzas, \(format(megabytes)) MB, \(chunkSize)-byte chunks, best of \(repetitions))")

        // Only parsing is timed: each run's trees are freed after its clock
        // stops, so the next run reuses warm heap (as a server does) and the
        // counting parser, which builds nothing, is compared like for like.
        var parsedStanzas: [XMLElement] = []
        var parserSeconds = Double.infinity
        for _ in 0..<repetitions {
            parsedStanzas = []
            let start = Stopwatch.now()
            let stanzas = parseWithXMPPCore(bytes)
            parserSeconds = min(parserSeconds, Stopwatch.now() - start)
            parsedStanzas = stanzas
        }
        precondition(parsedStanzas.count == stanzaCount, "parser lost stanzas: \(parsedStanzas.count)")

        var counted = 0
        let countingSeconds = Stopwatch.best(of: repetitions) {
            counted = countWithLibxml2(bytes)
        }
        precondition(counted >= stanzaCount, "counting parser saw \(counted) elements")

        let parserRate = megabytes / parserSeconds
        let limitRate = megabytes / countingSeconds
        print("xmpplab parser (full stanza trees): \(format(parserRate)) MB/s, \(Int(Double(stanzaCount) / parserSeconds)) stanzas/s")
        print("libxml2 push parser, counting only: \(format(limitRate)) MB/s, \(Int(Double(stanzaCount) / countingSeconds)) stanzas/s")
        print("ratio (ours / limit): \(format(100 * parserRate / limitRate))% (aim: >= 50%)")

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

    static func parseWithXMPPCore(_ bytes: [UInt8]) -> [XMLElement] {
        let parser = XMLStreamParser()
        var stanzas: [XMLElement] = []
        stanzas.reserveCapacity(stanzaCount)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let end = min(offset + chunkSize, buffer.count)
                for event in parser.feed(UnsafeRawBufferPointer(rebasing: buffer[offset..<end])) {
                    switch event {
                    case .element(let element): stanzas.append(element)
                    case .failed(let error): fatalError("benchmark stream failed: \(error)")
                    case .streamOpened, .streamClosed: break
                    }
                }
                offset = end
            }
        }
        return stanzas
    }

    /// libxml2's push parser with the same options, counting start tags.
    static func countWithLibxml2(_ bytes: [UInt8]) -> Int {
        final class Counter { var elements = 0 }
        let counter = Counter()
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { user, _, _, _, _, _, _, _, _ in
            Unmanaged<Counter>.fromOpaque(user!).takeUnretainedValue().elements += 1
        }
        let user = Unmanaged.passUnretained(counter).toOpaque()
        guard let context = xmlCreatePushParserCtxt(&handler, user, nil, 0, nil) else { return 0 }
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
        return counter.elements
    }
}
