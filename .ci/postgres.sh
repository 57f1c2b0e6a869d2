#!/usr/bin/env bash
# CI (Debian 12, as root, after `apt-get install postgresql`): start the packaged PostgreSQL cluster,
# make a role and a database for the central's tests, and print/export FURUSATO_TEST_PG_URL.
#
#   eval "$(.ci/postgres.sh)"        # or:  source .ci/postgres.sh
#
# Idempotent (an already running cluster, role or database is reused; the password is reset).
# Fails loudly: any step that fails ends it with a non-zero status and a message on stderr.
# Stop it afterwards with: pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop

_furusato_pg_setup() (
    set -euo pipefail
    fail() { echo ".ci/postgres.sh: $*" >&2; exit 1; }
    [ "$(id -u)" -eq 0 ] || fail "must run as root (it uses pg_ctlcluster and runuser -u postgres)"
    command -v pg_lsclusters >/dev/null || fail "postgresql-common is missing: apt-get install postgresql"
    local role=${FURUSATO_PG_ROLE:-furusato}
    local db=${FURUSATO_PG_DB:-furusato_test}
    local password=${FURUSATO_PG_PASSWORD:-furusato-ci}
    local version cluster port status
    read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1) || true
    if [ -z "${version:-}" ]; then
        version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
        [ -n "$version" ] || fail "no PostgreSQL server installed under /usr/lib/postgresql"
        pg_createcluster "$version" main >&2 || fail "pg_createcluster $version main failed"
        read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
    fi
    if [ "$status" != "online" ]; then
        pg_ctlcluster "$version" "$cluster" start >&2 || fail "pg_ctlcluster $version $cluster start failed"
    fi
    local psql=(runuser -u postgres -- psql --no-psqlrc -v ON_ERROR_STOP=1 -p "$port" -d postgres -qtA)
    for _ in $(seq 1 50); do
        "${psql[@]}" -c 'SELECT 1' >/dev/null 2>&1 && break
        sleep 0.2
    done
    "${psql[@]}" -c 'SELECT 1' >/dev/null || fail "PostgreSQL $version/$cluster on port $port does not answer"
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
        "${psql[@]}" -c "CREATE ROLE \"$role\" LOGIN PASSWORD '$password'" >&2
    else
        "${psql[@]}" -c "ALTER ROLE \"$role\" LOGIN PASSWORD '$password'" >&2
    fi
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
        "${psql[@]}" -c "CREATE DATABASE \"$db\" OWNER \"$role\" ENCODING 'UTF8' TEMPLATE template0" >&2
    fi
    "${psql[@]}" -d "$db" -c "GRANT ALL ON SCHEMA public TO \"$role\"" >&2
    # Prove the URL works over TCP with the password, as the tests will use it.
    PGPASSWORD=$password psql --no-psqlrc -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$role" -d "$db" \
        -qtA -c 'SELECT 1' >/dev/null || fail "cannot log in as $role to $db on 127.0.0.1:$port"
    echo "PG_VERSION=$version PG_CLUSTER=$cluster"
    echo "FURUSATO_TEST_PG_URL=postgresql+psycopg://$role:$password@127.0.0.1:$port/$db"
)

if _furusato_pg_out=$(_furusato_pg_setup); then
    for _furusato_pg_line in $_furusato_pg_out; do
        export "${_furusato_pg_line?}"
    done
    unset _furusato_pg_line _furusato_pg_out
    echo "export FURUSATO_TEST_PG_URL=$FURUSATO_TEST_PG_URL PG_VERSION=$PG_VERSION PG_CLUSTER=$PG_CLUSTER"
else
    _furusato_pg_rc=$?
    unset _furusato_pg_out
    echo ".ci/postgres.sh: PostgreSQL setup failed" >&2
    # `return` when sourced, `exit` when run.
    return "$_furusato_pg_rc" 2>/dev/null || exit "$_furusato_pg_rc"
fi
