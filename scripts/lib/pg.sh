#!/usr/bin/env bash
# A private PostgreSQL cluster for the app and its tests, made with the installed
# PostgreSQL's own initdb/pg_ctl: no system service is needed or touched. It listens on
# a unix socket only (in the cluster directory), never on the network.
#
# As a library (source it):  pg_ensure_cluster DIR  → exports DATABASE_URL for DIR's cluster
# As a command:              pg.sh start|stop|status|url DIR
set -euo pipefail

PG_PORT="${PG_PORT:-55432}"
PG_DB="${PG_DB:-ihrec}"

pg_log() { printf '    [postgres] %s\n' "$*"; }

# The newest installed PostgreSQL's bin directory, installing Debian's package if none.
pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$bin" ] && command -v pg_config >/dev/null 2>&1; then
        bin=$(pg_config --bindir)
    fi
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
            pg_log "no PostgreSQL binaries found: installing Debian's postgresql package" >&2
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
            bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
        else
            echo "PostgreSQL is not installed. Install it (Debian/Ubuntu: 'sudo apt-get install postgresql'," >&2
            echo "macOS: 'brew install postgresql'), or set DATABASE_URL to a server you already run." >&2
            return 1
        fi
    fi
    echo "$bin"
}

# Runs a PostgreSQL binary as the cluster's owner: initdb refuses to run as root, so
# root runs it as the 'postgres' system user.
pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Unix socket paths are limited to ~107 bytes, so the socket lives in a short directory
# under /tmp named after the cluster's path, not inside a possibly deep clone.
pg_socket_dir() { echo "/tmp/ihrec-pg-$(printf '%s' "$1" | md5sum | cut -c1-12)"; }

pg_url() {
    local dir="$1"
    echo "postgres://postgres@localhost:${PG_PORT}/${PG_DB}?host=$(pg_socket_dir "$dir")"
}

pg_is_running() {
    local bin="$1" dir="$2"
    [ -f "$dir/data/PG_VERSION" ] && pg_as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

pg_start() {
    local dir="$1" bin
    bin=$(pg_bin)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        pg_log "creating a new cluster in $dir"
        mkdir -p "$dir/data"
        if [ "$(id -u)" -eq 0 ]; then
            chown -R postgres:postgres "$dir"
            if ! runuser -u postgres -- test -w "$dir/data"; then
                echo "The 'postgres' user cannot reach $dir (a parent directory is private)." >&2
                echo "Move the clone somewhere readable, or set DATABASE_URL to an existing server." >&2
                return 1
            fi
        fi
        pg_as_owner "$bin/initdb" -D "$dir/data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    mkdir -p "$(pg_socket_dir "$dir")"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$(pg_socket_dir "$dir")"
    if pg_is_running "$bin" "$dir"; then
        pg_log "already running ($dir)"
    else
        pg_log "starting ($dir)"
        pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
            -o "-p ${PG_PORT} -k '$(pg_socket_dir "$dir")' -c listen_addresses='' -c fsync=${PG_FSYNC:-on}" \
            start >/dev/null
    fi
    # The application database; created once.
    local exists
    exists=$(pg_as_owner "$bin/psql" -h "$(pg_socket_dir "$dir")" -p "$PG_PORT" -U postgres -tAc \
        "select 1 from pg_database where datname = '${PG_DB}'" postgres)
    if [ "$exists" != 1 ]; then
        pg_as_owner "$bin/createdb" -h "$(pg_socket_dir "$dir")" -p "$PG_PORT" -U postgres "$PG_DB"
    fi
}

pg_stop() {
    local dir="$1" bin
    bin=$(pg_bin)
    if pg_is_running "$bin" "$dir"; then
        pg_log "stopping ($dir)"
        pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
}

# Starts (or reuses) the cluster in DIR and points DATABASE_URL at it.
pg_ensure_cluster() {
    pg_start "$1"
    DATABASE_URL=$(pg_url "$1")
    export DATABASE_URL
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    cmd="${1:-}"; dir="${2:-}"
    [ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|status|url DIR" >&2; exit 2; }
    case "$cmd" in
        start) pg_start "$dir" ;;
        stop) pg_stop "$dir" ;;
        status) pg_is_running "$(pg_bin)" "$dir" && echo running || { echo stopped; exit 1; } ;;
        url) pg_url "$dir" ;;
        *) echo "unknown command: $cmd" >&2; exit 2 ;;
    esac
fi
