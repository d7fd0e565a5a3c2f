import Foundation
import LabNet
import LabNetLoopback
import NIOCore
import NIOPosix
import NIOSSL
import XMPPClient
import XMPPCore

/// Login rate and memory per session, with the server and the clients in two
/// processes (as a load tool against a server would be): the server
/// process's resident memory grows by what its sessions cost, not by the
/// clients'. Each case runs in a fresh process so the heap starts clean.
enum C2SLoginBenchmark {
    /// Runs this benchmark binary again with `arguments` and waits for it.
    static func runInChildProcess(_ arguments: [String]) throws {
        fflush(nil)  // our buffered output first, then the child's
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
    }

    /// `c2s-logins COUNT MECHANISM`: the server side.
    static func serverSide(count: Int, mechanism: String) async throws {
        C2SBenchmark.raiseOpenFileLimit()
        let world = try await C2SBenchmark.World(accounts: count)
        let caFile = FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-bench-ca-\(getpid()).pem")
        try world.caPEM.write(to: caFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: caFile) }
        let before = C2SBenchmark.residentBytes()
        let clients = Process()
        clients.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        clients.arguments = ["c2s-clients", world.address.host, String(world.address.port), String(count), mechanism, caFile.path]
        let output = Pipe(), input = Pipe()
        clients.standardOutput = output
        clients.standardInput = input
        try clients.run()
        let report = firstLine(of: output.fileHandleForReading)
        let after = C2SBenchmark.residentBytes()
        let fields = report.split(separator: " ")
        if fields.count == 3, fields[0] == "connected", let seconds = Double(fields[2]) {
            let perSession = Double(after - before) / Double(count)
            print("  logins:       \(count) TLS clients, \(mechanism): \(format(Double(count) / seconds, 0)) logins/s; "
                  + "server memory \(format(perSession / 1024, 1)) KiB per TLS session (resident, server process only)")
        } else {
            print("  logins:       \(count) TLS clients, \(mechanism): the client process failed: \(report)")
        }
        try input.fileHandleForWriting.close()
        clients.waitUntilExit()
        try await world.shutdown([])
    }

    /// `c2s-clients HOST PORT COUNT MECHANISM CA_PEM`: the load side. Prints
    /// `connected COUNT SECONDS` once every client is bound, then holds the
    /// sessions until its standard input closes.
    static func clientSide(host: String, port: Int, count: Int, mechanism: String, caFile: String) async throws {
        C2SBenchmark.raiseOpenFileLimit()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        let context = try NIOSSLContext(configuration: tls)
        let credentials: ClientCredentials = mechanism == "PLAIN" ? .plain(password: "pw") : .scramSHA256(password: "pw")
        let fabric = LoopbackFabric()
        let clients = try (0..<count).map { index in
            VirtualClient(
                configuration: ClientConfiguration(account: try JID("user\(index)@bench.test"), credentials: credentials, resource: "r", seed: UInt64(index + 1)),
                fabric: fabric, eventLoop: group.next(), tlsContext: context
            )
        }
        // Written unbuffered: the server process waits for this line.
        let report: String
        do {
            let seconds = try await C2SBenchmark.connectAll(clients, to: NetworkAddress(host: host, port: port))
            report = "connected \(count) \(seconds)\n"
        } catch {
            report = "failed \(error)\n"
        }
        FileHandle.standardOutput.write(Data(report.utf8))
        while Swift.readLine() != nil {}
        for client in clients { await client.disconnect() }
        try await group.shutdownGracefully()
    }

    /// One line from `handle` (blocking), without the newline.
    static func firstLine(of handle: FileHandle) -> String {
        var bytes: [UInt8] = []
        while true {
            let chunk = handle.readData(ofLength: 1)
            guard let byte = chunk.first, byte != UInt8(ascii: "\n") else { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
