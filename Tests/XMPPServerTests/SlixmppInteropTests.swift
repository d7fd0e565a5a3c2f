import Foundation
import Testing
import XMPPCore
import XMPPServer

/// A real, independent client library (slixmpp, from PyPI, installed by
/// `make test` through scripts/ensure-test-peers.sh) against a VirtualServer
/// on loopback: STARTTLS, SASL, bind, roster, subscription, messages, ping, disco.
@Suite(.serialized) struct SlixmppInteropTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var python: URL? {
        if let path = ProcessInfo.processInfo.environment["XMPPLAB_PEER_PYTHON"] { return URL(fileURLWithPath: path) }
        let venv = repositoryRoot.appendingPathComponent(".build-peers/venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    @Test(arguments: ["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256"])
    func slixmppClientsTalkThroughAVirtualServer(_ mechanism: String) async throws {
        let (result, steps) = try await Self.runScript("c2s_interop.py", mechanism: mechanism)
        #expect(steps.count >= 8, "too few steps reported:\n\(result.output)")
    }

    /// XEP-0198 from slixmpp's side: enable with resume, acks, an abrupt
    /// drop, resumption with the message sent during the gap delivered once,
    /// its own unacknowledged messages resent once, no resumption after a clean close.
    @Test func slixmppResumesAStreamManagedSession() async throws {
        let (result, steps) = try await Self.runScript("sm_resume_interop.py", mechanism: "SCRAM-SHA-1")
        let names = Set(steps.compactMap { $0["step"] as? String })
        for step in ["sm_enable:alice", "sm_ack", "resume:alice", "message_during_gap", "resend_after_resume", "no_resume_after_close"] {
            #expect(names.contains(step), "step \(step) not reported:\n\(result.output)")
        }
    }

    /// Runs `Tests/Interop/slixmpp/SCRIPT` against a fresh VirtualServer of
    /// alpha.test with accounts alice and bob; expects it to exit 0 with no
    /// failed step, and returns its output and the steps it reported.
    static func runScript(_ script: String, mechanism: String) async throws
        -> (result: (status: Int32, output: String, errors: String), steps: [[String: Any]]) {
        let python = try #require(python, "slixmpp is not installed: run scripts/ensure-test-peers.sh (make test does)")
        return try await withLab { lab in
            let (_, address) = try await lab.startServer(accounts: ["alice": "alice-secret", "bob": "bob-secret"])
            let caFile = FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-ca-\(UUID().uuidString).pem")
            try TestLab.ca.rootPEM.write(to: caFile, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: caFile) }
            let path = repositoryRoot.appendingPathComponent("Tests/Interop/slixmpp/\(script)")
            let result = try await run(python, [
                path.path, "--host", address.host, "--port", String(address.port), "--domain", "alpha.test",
                "--ca", caFile.path, "--user1", "alice", "--password1", "alice-secret",
                "--user2", "bob", "--password2", "bob-secret", "--mechanism", mechanism, "--timeout", "30",
            ], timeout: 60)
            let steps = steps(in: result.output)
            let failed = steps.filter { ($0["ok"] as? Bool) != true }
            #expect(result.status == 0, "slixmpp exited with \(result.status):\n\(result.output)\n\(result.errors.suffix(3000))")
            #expect(failed.isEmpty, "failed steps: \(failed)")
            return (result, steps)
        }
    }

    static func steps(in output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap { line -> [String: Any]? in
            guard let data = line.data(using: .utf8) else { return nil }
            return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        }
    }

    /// Runs a process to completion (killed after `timeout` seconds).
    static func run(_ executable: URL, _ arguments: [String], timeout: Double) async throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(timeout))
            if process.isRunning { process.terminate() }
        }
        // Both pipes drained at once, so a chatty stderr cannot block the child.
        let errorReader = Task.detached { errors.fileHandleForReading.readDataToEndOfFile() }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = await errorReader.value
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
