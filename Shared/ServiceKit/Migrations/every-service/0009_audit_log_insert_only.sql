-- The schema belongs to an owner role the service does not log in as (scripts/provision-postgres.sh);
-- the service's role gets DML through default privileges, which gave it UPDATE and DELETE on
-- audit_log too. It keeps INSERT and SELECT only: every other role the owner granted anything
-- on the audit log loses the rest. It cannot disable the triggers or grant itself more, as it
-- owns nothing.
DO $$
DECLARE
    grantee text;
BEGIN
    FOR grantee IN
        SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
        WHERE g.table_schema = current_schema() AND g.table_name = 'audit_log' AND g.grantee NOT IN (current_user, 'PUBLIC')
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM %I', grantee);
    END LOOP;
END $$;
