// swift-tools-version:5.7
// The release manifest of the Swift package for iOS apps. `scripts/dist.sh ios` copies it to
// dist/swift/ beside the generated Sources/Cardbind/Cardbind.swift and CardbindFFI.xcframework
// (cardbind-uniffi's static libraries for devices and simulators, with the C header and module
// map), so an app adds dist/swift as a local package. bindings/swift/Package.swift, which links a
// host library by path, stays for developing and testing the bindings.
//
// To publish: upload dist/CardbindFFI.xcframework.zip and replace the binary target below with
//     .binaryTarget(name: "CardbindFFI", url: "https://…/CardbindFFI.xcframework.zip",
//                   checksum: "<dist/CardbindFFI.xcframework.zip.checksum>")
import PackageDescription

let package = Package(
    name: "Cardbind",
    platforms: [.iOS(.v13)],
    products: [
        .library(name: "Cardbind", targets: ["Cardbind"]),
    ],
    targets: [
        .binaryTarget(name: "CardbindFFI", path: "CardbindFFI.xcframework"),
        .target(name: "Cardbind", dependencies: ["CardbindFFI"], path: "Sources/Cardbind"),
    ]
)
