import DiscoStore
import Testing

@testable import DiscoStorePostgres

struct ConfigurationTests {
    @Test func urlsGiveEveryPart() throws {
        let configuration = try PostgresEventStore.Configuration(
            url: "postgres://disco:s%40cret@db.example:6543/events?sslmode=disable"
        )
        #expect(configuration.host == "db.example")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "disco")
        #expect(configuration.password == "s@cret")
        #expect(configuration.database == "events")
        #expect(configuration.maximumConnections == 20)
    }

    @Test func urlsMayLeaveOutPartsAndNameASocketDirectory() throws {
        let configuration = try PostgresEventStore.Configuration(url: "postgresql:///events?host=/run/postgresql")
        #expect(configuration.host == "/run/postgresql")
        #expect(configuration.port == 5432)
        #expect(configuration.username == "postgres")
        #expect(configuration.password == nil)
        #expect(configuration.database == "events")
    }

    @Test func badURLsAndModesAreInvalidArguments() {
        for url in ["mysql://localhost/db", "postgres://localhost/db?sslmode=sometimes"] {
            let error = #expect(throws: EventStoreError.self) { try PostgresEventStore.Configuration(url: url) }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test func environmentVariablesFollowLibpq() throws {
        let configuration = try PostgresEventStore.Configuration(environment: [
            "PGHOST": "10.0.0.5", "PGPORT": "5433", "PGUSER": "app", "PGPASSWORD": "pw", "PGDATABASE": "disco",
            "PGSSLMODE": "require",
        ])
        #expect(configuration.host == "10.0.0.5")
        #expect(configuration.port == 5433)
        #expect(configuration.username == "app")
        #expect(configuration.password == "pw")
        #expect(configuration.database == "disco")
        #expect(throws: EventStoreError.self) { try PostgresEventStore.Configuration(environment: ["PGPORT": "x"]) }
        #expect(try PostgresEventStore.Configuration(environment: [:]).host == "localhost")
    }
}
