-- Gatehouse on PostgreSQL: two roles, run once by a database administrator (psql -v owner_pw=… -v app_pw=… -f roles.sql).
--
--   gatehouse_owner  owns the database and schema; only the migration step uses it (the OpenShift "migrate" init
--                    container, compose's gatehouse-migrate, or `npx gatehouse db migrate --app-role gatehouse_app`).
--   gatehouse_app    the console at run time: reads and writes its own tables, but on audit_events only SELECT and
--                    INSERT. Not being the owner it cannot ALTER, DISABLE or DROP the append-only triggers, and it
--                    has no UPDATE, DELETE or TRUNCATE. The migration step re-applies these grants on every rollout.
CREATE ROLE gatehouse_owner LOGIN PASSWORD :'owner_pw';
CREATE ROLE gatehouse_app LOGIN PASSWORD :'app_pw';
CREATE DATABASE gatehouse OWNER gatehouse_owner;
\connect gatehouse
ALTER SCHEMA public OWNER TO gatehouse_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO gatehouse_app;
