-- Shelter's tables. No personal data: cases are ids with what intake announced. A confidential
-- address stays here and is shown only to shelter managers and supervisors.

CREATE TABLE shelters (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('dormitory', 'crisis')),
    address text NOT NULL,
    confidential_address boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rooms (
    id uuid PRIMARY KEY,
    shelter_id uuid NOT NULL REFERENCES shelters (id),
    name text NOT NULL,
    sex text NOT NULL CHECK (sex IN ('female', 'male', 'mixed')),
    family boolean NOT NULL
);
CREATE INDEX rooms_shelter ON rooms (shelter_id);

CREATE TABLE beds (
    id uuid PRIMARY KEY,
    room_id uuid NOT NULL REFERENCES rooms (id),
    label text NOT NULL
);
CREATE INDEX beds_room ON beds (room_id);

CREATE TABLE bookings (
    id uuid PRIMARY KEY,
    seq bigserial UNIQUE,
    case_id uuid NOT NULL,
    shelter_id uuid NOT NULL REFERENCES shelters (id),
    first_night date NOT NULL,
    departure date NOT NULL CHECK (departure > first_night),
    beds integer NOT NULL CHECK (beds > 0),
    sex text NOT NULL,
    with_children boolean NOT NULL,
    status text NOT NULL CHECK (status IN ('held', 'confirmed', 'checked-in', 'checked-out', 'cancelled', 'released')),
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bookings_case ON bookings (case_id);
CREATE INDEX bookings_expiring ON bookings (expires_at) WHERE status = 'held';

-- The beds a booking occupies, night by night as a range. The database itself refuses a bed
-- booked twice for overlapping nights, whatever the concurrency.
CREATE TABLE booking_beds (
    booking_id uuid NOT NULL REFERENCES bookings (id),
    bed_id uuid NOT NULL REFERENCES beds (id),
    nights daterange NOT NULL,
    active boolean NOT NULL DEFAULT true,
    PRIMARY KEY (booking_id, bed_id),
    EXCLUDE USING gist (bed_id WITH =, nights WITH &&) WHERE (active)
);

-- Cases waiting for a bed: by vulnerability rank, then time.
CREATE TABLE waitlist (
    case_id uuid PRIMARY KEY,
    rank integer NOT NULL,
    joined_at timestamptz NOT NULL DEFAULT now(),
    first_night date NOT NULL,
    departure date NOT NULL,
    beds integer NOT NULL,
    sex text NOT NULL,
    with_children boolean NOT NULL,
    kind text
);
CREATE INDEX waitlist_order ON waitlist (rank, joined_at);
