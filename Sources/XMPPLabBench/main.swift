import XMPPCore

// `make bench`: release-build figures for xmpplab. Each section prints one
// block; later issues add theirs here.
// `xmpplab-bench c2s-logins COUNT MECHANISM` measures one login run in a
// process of its own, so its memory figure starts from a clean heap.
let arguments = CommandLine.arguments
if arguments.count == 4, arguments[1] == "c2s-logins", let count = Int(arguments[2]) {
    try await C2SBenchmark.loginsInThisProcess(count: count, mechanism: arguments[3])
} else {
    print("xmpplab \(XMPPLabVersion.string) benchmarks (release build)")
    print("")
    ParserBenchmark.run()
    try await C2SBenchmark.run()
}
