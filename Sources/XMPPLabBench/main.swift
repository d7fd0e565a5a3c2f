import XMPPCore

// `make bench`: release-build figures for xmpplab. Each section prints one
// block; later issues add theirs here.
print("xmpplab \(XMPPLabVersion.string) benchmarks (release build)")
print("")
ParserBenchmark.run()
try await C2SBenchmark.run()
