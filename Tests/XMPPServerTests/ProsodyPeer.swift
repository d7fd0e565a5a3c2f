import Foundation
import LabNet
import LabNetLoopback
import LabPKI
import NIOCore
import NIOPosix

/// A real Prosody (Debian's package, installed by scripts/ensure-test-peers.sh)
/// run from a throwaway configuration in a temporary folder: its own loopback
/// ports, a certificate from the lab CA, the lab's DNS through libunbound's
/// forwarder, accounts made with prosodyctl. `stop()` ends it. Its XEP-0288
/// module (mod_s2s_bidi) is loaded only when `bidi` is set.
final class ProsodyPeer: @unchecked Sendable {
    let domain: String
    let folder: URL
    let c2sPort: Int
    let s2sPort: Int
    private var process: Process?

    /// Free loopback TCP ports, asked of the OS (bound, noted, released).
    static func freePorts(_ count: Int, on eventLoop: any EventLoop) async throws -> [Int] {
        var ports: [Int] = []
        var channels: [any Channel] = []
        for _ in 0..<count {
            let channel = try await ServerBootstrap(group: eventLoop).bind(host: "127.0.0.1", port: 0).get()
            channels.append(channel)
            ports.append(channel.localAddress?.port ?? 0)
        }
        for channel in channels { try await channel.close() }
        return ports
    }

    init(domain: String, ca: LabCertificateAuthority, dnsResponder: NetworkAddress, accounts: [String: String], bidi: Bool = false,
         eventLoop: any EventLoop) async throws {
        self.domain = domain
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-prosody-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        let ports = try await Self.freePorts(2, on: eventLoop)
        (c2sPort, s2sPort) = (ports[0], ports[1])
        let identity = try ca.issueServerIdentity(domain: domain)
        try identity.certificatePEM.write(to: folder.appendingPathComponent("\(domain).crt"), atomically: true, encoding: .utf8)
        try identity.privateKeyPEM.write(to: folder.appendingPathComponent("\(domain).key"), atomically: true, encoding: .utf8)
        try ca.rootPEM.write(to: folder.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
        let path = folder.path
        let bidiModules = bidi ? "modules_enabled = { \"roster\"; \"saslauth\"; \"tls\"; \"dialback\"; \"disco\"; \"ping\"; \"presence\"; \"s2s_bidi\" }"
            : "modules_enabled = { \"roster\"; \"saslauth\"; \"tls\"; \"dialback\"; \"disco\"; \"ping\"; \"presence\" }\nmodules_disabled = { \"s2s_bidi\" }"
        let config = """
        run_as_root = true
        pidfile = "\(path)/prosody.pid"
        data_path = "\(path)/data"
        log = { debug = "\(path)/prosody.log" }
        interfaces = { "127.0.0.1" }
        c2s_ports = { \(c2sPort) }
        s2s_ports = { \(s2sPort) }
        c2s_direct_tls_ports = {}
        s2s_direct_tls_ports = {}
        legacy_ssl_ports = {}
        http_ports = {}
        https_ports = {}
        \(bidiModules)
        authentication = "internal_plain"
        c2s_require_encryption = true
        s2s_require_encryption = false
        s2s_secure_auth = false
        certificates = "\(path)"
        ssl = { cafile = "\(path)/ca.pem" }
        unbound = { forward = "\(dnsResponder.host)@\(dnsResponder.port)"; resolvconf = false; hoststxt = false }
        VirtualHost "\(domain)"
            ssl = { certificate = "\(path)/\(domain).crt"; key = "\(path)/\(domain).key" }
        """
        try config.write(to: folder.appendingPathComponent("prosody.cfg.lua"), atomically: true, encoding: .utf8)
        for (user, password) in accounts {
            let status = try Self.run("/usr/bin/prosodyctl", ["--config", configPath, "register", user, domain, password])
            guard status == 0 else { throw PeerError("prosodyctl register \(user) exited with \(status); see \(path)/prosody.log") }
        }
    }

    var configPath: String { folder.appendingPathComponent("prosody.cfg.lua").path }
    var log: String { (try? String(contentsOf: folder.appendingPathComponent("prosody.log"), encoding: .utf8)) ?? "" }

    func start(on eventLoop: any EventLoop) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prosody")
        process.arguments = ["--config", configPath, "-F"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Ready when its c2s port accepts (bounded).
        for _ in 0..<200 {
            if let channel = try? await ClientBootstrap(group: eventLoop).connect(host: "127.0.0.1", port: c2sPort).get() {
                try? await channel.close()
                return
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw PeerError("prosody did not open port \(c2sPort); log:\n\(log.suffix(2000))")
    }

    /// SIGTERM, then up to 5 s for Prosody's clean shutdown, then SIGKILL.
    /// (Not `waitUntilExit`, which never returns on a test's async thread here.)
    func stop() async {
        if let process {
            if process.isRunning { process.terminate() }
            for _ in 0..<200 where process.isRunning {
                try? await Task.sleep(for: .milliseconds(25))
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: folder)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    struct PeerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
