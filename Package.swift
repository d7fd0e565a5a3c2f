// swift-tools-version:6.0
import PackageDescription

// Layers import downward only (see README, "Architecture"):
//   xmpplab (CLI)
//     -> XMPPServer, XMPPClient           (virtual servers and clients)
//     -> XMPPNIO                          (channel handlers that drive the machines)
//     -> XMPPProtocol                     (sans-IO state machines)
//     -> XMPPCore -> CLibXML2             (values, wire format)
//   LabNet (the NetworkFabric seam) <- LabNetLoopback (real loopback TCP, NIOPosix)
//   LabPKI (the in-process certificate authority)
//   Topology (the YAML model), Trace (the TraceSink seam)
//   Lab -> everything above: builds a world from a Topology and runs it
let package = Package(
    name: "xmpplab",
    products: [
        .executable(name: "xmpplab", targets: ["xmpplab"]),
        .executable(name: "xmpplab-bench", targets: ["XMPPLabBench"]),
        .library(name: "XMPPCore", targets: ["XMPPCore"]),
        .library(name: "XMPPServer", targets: ["XMPPServer"]),
        .library(name: "XMPPClient", targets: ["XMPPClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.98.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "XMPPCore",
            dependencies: ["CLibXML2"]
        ),
        .target(
            name: "XMPPProtocol",
            dependencies: [
                "XMPPCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "LabNet",
            dependencies: [
                "XMPPCore",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "LabNetLoopback",
            dependencies: [
                "LabNet",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "LabPKI",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "XMPPNIO",
            dependencies: [
                "XMPPCore",
                "XMPPProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "XMPPServer",
            dependencies: [
                "XMPPCore",
                "XMPPProtocol",
                "XMPPNIO",
                "LabNet",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "XMPPClient",
            dependencies: [
                "XMPPCore",
                "XMPPProtocol",
                "XMPPNIO",
                "LabNet",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "Topology",
            dependencies: [
                "XMPPCore",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "Trace",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "Lab",
            dependencies: [
                "XMPPCore", "XMPPProtocol", "XMPPNIO", "XMPPServer", "XMPPClient", "LabNet", "LabNetLoopback",
                "LabPKI", "Topology", "Trace",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "xmpplab",
            dependencies: [
                "XMPPCore", "XMPPServer", "XMPPClient", "LabNet", "LabNetLoopback", "LabPKI",
                "Topology", "Trace", "Lab",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "XMPPLabBench",
            dependencies: [
                "XMPPCore", "CLibXML2", "XMPPProtocol", "XMPPServer", "XMPPClient", "LabNet", "LabNetLoopback", "LabPKI",
                "Lab", "Topology", "Trace",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "XMPPCoreTests",
            dependencies: ["XMPPCore"]
        ),
        .testTarget(
            name: "XMPPProtocolTests",
            dependencies: ["XMPPProtocol", "XMPPCore"]
        ),
        .testTarget(
            name: "LabNetTests",
            dependencies: [
                "LabNet",
                "XMPPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "XMPPServerTests",
            dependencies: [
                "Lab",
                "Topology",
                "XMPPServer",
                "XMPPClient",
                "XMPPProtocol",
                "XMPPCore",
                "LabNet",
                "LabNetLoopback",
                "LabPKI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "TopologyTests",
            dependencies: ["Topology", "XMPPCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "LabNetLoopbackTests",
            dependencies: [
                "LabNet",
                "LabNetLoopback",
                "XMPPCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "LabTests",
            dependencies: [
                "Lab", "Topology", "Trace", "XMPPCore", "XMPPServer", "XMPPClient", "LabNet", "LabNetLoopback",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "TraceTests",
            dependencies: ["Trace", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "XMPPLabCLITests",
            dependencies: ["xmpplab", "Lab"]
        ),
        .testTarget(
            name: "LabPKITests",
            dependencies: [
                "LabPKI",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
