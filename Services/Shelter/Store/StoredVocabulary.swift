import Persistence

// The shelter's own vocabularies are stored as their raw text; the table CHECKs hold the same lists.
extension RoomSex: PostgresTextEnum {}
extension GuestSex: PostgresTextEnum {}
extension BookingStatus: PostgresTextEnum {}
