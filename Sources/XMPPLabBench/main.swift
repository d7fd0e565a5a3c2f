import XMPPCore

// `make bench`: release-build figures for xmpplab. Each section prints one
// block; later issues add theirs here.
// Login measurements run in processes of their own (see C2SLoginBenchmark):
// `c2s-logins COUNT MECHANISM` is the server side, `c2s-clients …` the load.
// Single sections: `c2s-sm` (c2s message throughput, XEP-0198 stream
// management off / on), `s2s` (federated throughput, s2s setup per method),
// `recording` (events/s against raw inserts), `recording-overhead [MESSAGES_EACH]`,
// `lab-scale SERVERS CLIENTS`, `lab-mesh DOMAINS USERS`, `parser [ROUNDS]` (the parser
// section alone, ROUNDS times, default 3).
let arguments = CommandLine.arguments
if arguments.count == 4, arguments[1] == "c2s-logins", let count = Int(arguments[2]) {
    try await C2SLoginBenchmark.serverSide(count: count, mechanism: arguments[3])
} else if arguments.count == 7, arguments[1] == "c2s-clients", let port = Int(arguments[3]), let count = Int(arguments[4]) {
    try await C2SLoginBenchmark.clientSide(host: arguments[2], port: port, count: count, mechanism: arguments[5], caFile: arguments[6])
} else if arguments.count == 2, arguments[1] == "c2s-sm" {
    C2SBenchmark.raiseOpenFileLimit()
    try await C2SBenchmark.streamManagementComparison()
} else if (2...3).contains(arguments.count), arguments[1] == "recording-overhead" {
    try await RecordingOverheadBenchmark.run(messagesEach: arguments.count == 3 ? Int(arguments[2]) ?? 1_000 : 1_000)
} else if arguments.count == 2, arguments[1] == "s2s" {
    try await S2SBenchmark.run()
} else if arguments.count == 2, arguments[1] == "recording" {
    try await TraceBenchmark.run()
} else if arguments.count == 4, arguments[1] == "lab-scale", let servers = Int(arguments[2]), let clients = Int(arguments[3]) {
    try await LabBenchmark.scale(servers: servers, clients: clients)
} else if arguments.count == 4, arguments[1] == "lab-mesh", let domains = Int(arguments[2]), let users = Int(arguments[3]) {
    try await LabBenchmark.mesh(domains: domains, users: users)
} else if (2...3).contains(arguments.count), arguments[1] == "parser",
          let rounds = arguments.count == 3 ? Int(arguments[2]) : 3, rounds > 0 {
    for _ in 0..<rounds { ParserBenchmark.run() }
} else {
    print("xmpplab \(XMPPLabVersion.string) benchmarks (release build)")
    print("")
    ParserBenchmark.run()
    try await C2SBenchmark.run()
    try await S2SBenchmark.run()
    try await TraceBenchmark.run()
    try await RecordingOverheadBenchmark.run()
    try LabBenchmark.run()
}
