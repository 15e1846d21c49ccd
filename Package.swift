// swift-tools-version: 6.2
import PackageDescription

/// Six services, the staff console and one ops tool per city, over shared modules and two C libraries.
let package = Package(
    name: "jardam",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "intake", targets: ["Intake"]),
        .executable(name: "legal-referral", targets: ["LegalReferral"]),
        .executable(name: "shelter", targets: ["Shelter"]),
        .executable(name: "medical-insurance", targets: ["MedicalInsurance"]),
        .executable(name: "labor-exchange", targets: ["LaborExchange"]),
        .executable(name: "network", targets: ["NetworkService"]),
        .executable(name: "console", targets: ["Console"]),
        .executable(name: "jardamctl", targets: ["Ctl"]),
        .executable(name: "jardam-bench", targets: ["Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(
            name: "CLibPQ", path: "Shared/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CRabbitMQ", path: "Shared/CRabbitMQ", pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]),

        .target(name: "CRabbitMQSupport", dependencies: ["CRabbitMQ"], path: "Shared/CRabbitMQSupport"),

        // MARK: Shared modules
        .target(name: "LogSafety", path: "Shared/LogSafety"),
        .target(name: "CivilTime", path: "Shared/CivilTime"),
        .target(name: "Contracts", dependencies: ["CivilTime"], path: "Shared/Contracts"),
        .target(
            name: "Messaging",
            dependencies: [
                "CRabbitMQ", "CRabbitMQSupport", "LogSafety",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Messaging"),
        .target(
            name: "Persistence",
            dependencies: [
                "CLibPQ", "CivilTime", "LogSafety",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Persistence"),
        .target(
            name: "Eventing",
            dependencies: [
                "Contracts", "Messaging", "Persistence", "LogSafety",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/Eventing",
            resources: [.copy("Migrations")]),
        .target(
            name: "ServiceKit",
            dependencies: [
                "Contracts", "Messaging", "Persistence", "Eventing", "LogSafety",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Shared/ServiceKit",
            resources: [.copy("Migrations")]),

        // MARK: Services
        .executableTarget(
            name: "Intake",
            dependencies: ["ServiceKit", "Eventing", "Contracts", "LogSafety", .product(name: "Configuration", package: "swift-configuration")],
            path: "Services/Intake",
            resources: [.copy("openapi.json"), .copy("Migrations")]),
        .executableTarget(
            name: "LegalReferral",
            dependencies: ["ServiceKit", "Eventing", "Contracts", .product(name: "Configuration", package: "swift-configuration")],
            path: "Services/LegalReferral",
            resources: [.copy("openapi.json"), .copy("Migrations")]),
        .executableTarget(
            name: "Shelter",
            dependencies: ["ServiceKit", "Eventing", "Contracts", .product(name: "Configuration", package: "swift-configuration")],
            path: "Services/Shelter",
            resources: [.copy("openapi.json"), .copy("Migrations")]),
        .executableTarget(
            name: "MedicalInsurance",
            dependencies: ["ServiceKit", "Eventing", "Contracts", .product(name: "Configuration", package: "swift-configuration")],
            path: "Services/MedicalInsurance",
            resources: [.copy("openapi.json"), .copy("Migrations")]),
        .executableTarget(
            name: "LaborExchange",
            dependencies: ["ServiceKit", "Eventing", "Contracts", .product(name: "Configuration", package: "swift-configuration")],
            path: "Services/LaborExchange",
            resources: [.copy("openapi.json"), .copy("Migrations")]),
        // Not "Network": packages test `canImport(Network)` for Apple's framework of that name.
        .executableTarget(
            name: "NetworkService",
            dependencies: ["ServiceKit", "Eventing", "Contracts", "LogSafety", .product(name: "Configuration", package: "swift-configuration")],
            path: "Services/Network",
            resources: [.copy("openapi.json"), .copy("Migrations")]),
        .target(
            name: "CityCalls",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Shared/CityCalls"),
        .target(
            name: "ConsoleAccounts",
            dependencies: ["ServiceKit", "Persistence"],
            path: "Shared/ConsoleAccounts",
            resources: [.copy("Migrations")]),
        .executableTarget(
            name: "Console",
            dependencies: [
                "ConsoleAccounts", "CityCalls", "ServiceKit", "Persistence", "LogSafety", "Contracts",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Console",
            resources: [.copy("Templates")]),
        .executableTarget(
            name: "Ctl",
            dependencies: [
                "ServiceKit", "Eventing", "LogSafety", "Contracts", "Messaging", "Persistence", "ConsoleAccounts", "CityCalls",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Services/Ctl"),

        // MARK: Benchmarks
        .executableTarget(
            name: "Bench",
            dependencies: [
                "ServiceKit", "Eventing", "Messaging", "Persistence", "Contracts",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "bench/Bench"),

        // MARK: Tests
        .target(
            name: "TestSupport",
            dependencies: ["Persistence", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"),
        .target(
            name: "ServiceTestSupport",
            dependencies: [
                "ServiceKit", "Eventing", "TestSupport", "Messaging", "Persistence", "Contracts",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/ServiceTestSupport"),
        .executableTarget(
            name: "EventConsumerProbe",
            dependencies: ["ServiceKit", "Eventing", "LogSafety", "Messaging", "Persistence", "Contracts"],
            path: "Tests/EventConsumerProbe"),
        .testTarget(
            name: "IntakeTests",
            dependencies: [
                "Intake", "Contracts", "ServiceKit", "Eventing", "Persistence", "Messaging", "TestSupport", "ServiceTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/IntakeTests"),
        .testTarget(
            name: "LegalReferralTests",
            dependencies: [
                "LegalReferral", "Contracts", "ServiceKit", "Eventing", "Persistence", "Messaging", "TestSupport", "ServiceTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/LegalReferralTests"),
        .testTarget(
            name: "ShelterTests",
            dependencies: [
                "Shelter", "Contracts", "ServiceKit", "Eventing", "Persistence", "TestSupport", "ServiceTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/ShelterTests"),
        .testTarget(
            name: "MedicalInsuranceTests",
            dependencies: [
                "MedicalInsurance", "Contracts", "ServiceKit", "Eventing", "Persistence", "Messaging", "TestSupport", "ServiceTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/MedicalInsuranceTests"),
        .testTarget(
            name: "LaborExchangeTests",
            dependencies: [
                "LaborExchange", "Contracts", "ServiceKit", "Eventing", "Persistence", "Messaging", "TestSupport", "ServiceTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/LaborExchangeTests"),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "ConsoleAccounts", "Contracts", "ServiceKit", "Persistence", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            path: "Tests/ConsoleTests"),
        .testTarget(
            name: "NetworkTests",
            dependencies: [
                "NetworkService", "Contracts", "ServiceKit", "Eventing", "Persistence", "Messaging", "TestSupport", "ServiceTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/NetworkTests"),
        .testTarget(
            name: "CityNetworkTests",
            dependencies: ["ServiceKit", "Eventing", "Contracts", "Messaging", "Persistence", "TestSupport"],
            path: "Tests/CityNetworkTests"),
        .testTarget(
            name: "JourneyTests",
            dependencies: ["ServiceKit", "Eventing", "Contracts", "Messaging", "Persistence", "TestSupport"],
            path: "Tests/JourneyTests"),
        .testTarget(
            name: "ContractsTests",
            dependencies: ["Contracts"],
            path: "Tests/ContractsTests"),
        .testTarget(
            name: "PersistenceTests",
            dependencies: ["Persistence", "Contracts", "Eventing", "TestSupport"],
            path: "Tests/PersistenceTests"),
        .testTarget(
            name: "MessagingTests",
            dependencies: ["Messaging", "TestSupport"],
            path: "Tests/MessagingTests"),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit", "Eventing", "TestSupport", "Messaging", "Persistence", "Contracts",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            path: "Tests/ServiceKitTests"),
    ],
    swiftLanguageModes: [.v6]
)
