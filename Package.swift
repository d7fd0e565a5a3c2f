// swift-tools-version:6.0
import PackageDescription

// Layers import downward only (see README, "Architecture"):
//   xmpplab (CLI) -> XMPPCore -> CLibXML2 (system libxml2)
// Later issues add XMPPProtocol, XMPPNIO, LabNet, LabNetLoopback, XMPPServer,
// XMPPClient, Topology, Trace and Lab under these same names.
let package = Package(
    name: "xmpplab",
    products: [
        .executable(name: "xmpplab", targets: ["xmpplab"]),
        .executable(name: "xmpplab-bench", targets: ["XMPPLabBench"]),
        .library(name: "XMPPCore", targets: ["XMPPCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        .executableTarget(
            name: "xmpplab",
            dependencies: [
                "XMPPCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "XMPPLabBench",
            dependencies: ["XMPPCore", "CLibXML2"]
        ),
        .testTarget(
            name: "XMPPCoreTests",
            dependencies: ["XMPPCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
