-- How many wait at each rank, kept by a trigger, so that a newcomer's place on the waitlist is
-- a sum over a handful of ranks instead of a count over everyone waiting.
CREATE TABLE waitlist_ranks (
    rank integer PRIMARY KEY,
    waiting integer NOT NULL CHECK (waiting >= 0)
);
INSERT INTO waitlist_ranks (rank, waiting) SELECT rank, count(*) FROM waitlist GROUP BY rank;

CREATE FUNCTION waitlist_count_ranks() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE waitlist_ranks SET waiting = waiting - 1 WHERE rank = OLD.rank;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO waitlist_ranks (rank, waiting) VALUES (NEW.rank, 1)
        ON CONFLICT (rank) DO UPDATE SET waiting = waitlist_ranks.waiting + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER waitlist_count_ranks AFTER INSERT OR DELETE OR UPDATE OF rank ON waitlist
    FOR EACH ROW EXECUTE FUNCTION waitlist_count_ranks();
