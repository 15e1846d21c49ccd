import Persistence
import Testing

@Suite("libpq connection strings")
struct ConninfoTests {
    @Test func actingAsARoleKeepsEveryHostOfAMultiHostURI() {
        #expect(
            Conninfo.acting(as: "jardam_intake_owner", on: "postgresql://u:p@127.0.0.1:55400,127.0.0.1:55600/db?target_session_attrs=read-write")
                == "postgresql://u:p@127.0.0.1:55400,127.0.0.1:55600/db?target_session_attrs=read-write&options=%2Dc%20role%3Djardam%5Fintake%5Fowner"
        )
        #expect(Conninfo.acting(as: "r", on: "postgres://u@h/db") == "postgres://u@h/db?options=%2Dc%20role%3Dr")
        #expect(Conninfo.acting(as: "r", on: "host=h dbname=db") == "host=h dbname=db options='-c role=r'")
    }
}
