-- Matching scores every matchable vacancy of the seeker's minor groups and keeps the best few.
-- It reads them from this index alone (an index-only scan, not one heap page per vacancy), and
-- compares the city lower-cased once at write instead of lowering every city on every call.
ALTER TABLE vacancies ADD COLUMN city_key text GENERATED ALWAYS AS (lower(city)) STORED;

DROP INDEX vacancies_matching;
CREATE INDEX vacancies_matching ON vacancies (minor_group)
    INCLUDE (id, employer_id, occupation, city, city_key, monthly_wage, wage_currency, housing_provided, languages)
    WHERE status = 'open' AND positions > 0;
