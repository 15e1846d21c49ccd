import Persistence

// The domain's vocabularies are stored as their raw text; the table CHECKs hold the same lists.
extension ShelterKind: PostgresTextEnum {}
extension RoomSex: PostgresTextEnum {}
extension GuestSex: PostgresTextEnum {}
extension BookingStatus: PostgresTextEnum {}
