#!/bin/sh
# Runs once, when the gatehouse-db volume is first created: the console's runtime role. The "gatehouse" user the
# image creates owns the database and only runs migrations (gatehouse-migrate); the console connects as gatehouse_app,
# which gatehouse-migrate grants SELECT/INSERT only on the audit log.
set -eu
psql -v ON_ERROR_STOP=1 -v app_pw="$GATEHOUSE_APP_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE gatehouse_app LOGIN PASSWORD :'app_pw';
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO gatehouse_app;
SQL
