# Sourced by scripts/test and .ci/run: starts a throwaway PostgreSQL cluster and an SMTP sink for the
# test suite, exports where they are, and stops them on exit.
#   LYCEUM_TEST_POSTGRES_URL  a non-superuser role that may create databases (like a managed PG's user)
#   LYCEUM_TEST_SMTP_URL      the SMTP sink (aiosmtpd)
#   LYCEUM_TEST_MAILDIR       where the sink stores what it receives
#   LYCEUM_TEST_OIDC_URL      an OpenID provider (tests/oidc: oidc-provider) with clients for Lyceum
#   LYCEUM_TEST_OIDC_ROTATING_URL  another one, for the test that rotates its signing key mid-run
#   LYCEUM_TEST_LTI_TOOL_URL  a real LTI 1.3 tool (tests/lti: PyLTI1p3) the LTI tests launch into
#   LYCEUM_TEST_S3_ENDPOINT   an S3-compatible server (s3s-fs, built once into target/tools) with the
#                             test kit's bucket and credentials, for the PostgreSQL runs' file storage

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL server binaries not found (install the postgresql package, or set PGBIN)" >&2
  return 1 2>/dev/null || exit 1
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

LYCEUM_SERVICES_DIR=$(mktemp -d /tmp/lyceum-services.XXXXXX)
chmod 755 "$LYCEUM_SERVICES_DIR"
PGPORT_TEST=$(free_port)
SMTP_PORT_TEST=$(free_port)
PGDATA_TEST="$LYCEUM_SERVICES_DIR/pg"

if [ "$(id -u)" = "0" ]; then
  mkdir -p "$PGDATA_TEST"; chown postgres: "$PGDATA_TEST"
  as_pg() { (cd "$LYCEUM_SERVICES_DIR" && runuser -u postgres -- "$@"); }
else
  as_pg() { "$@"; }
fi

as_pg "$PGBIN/initdb" -D "$PGDATA_TEST" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> "$PGDATA_TEST/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT_TEST
unix_socket_directories = '$PGDATA_TEST'
max_connections = 300
CONF
# Tests trade durability for speed; benchmarks (LYCEUM_PG_DURABLE=1) keep PostgreSQL's defaults.
if [ "${LYCEUM_PG_DURABLE:-0}" != "1" ]; then
  printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >> "$PGDATA_TEST/postgresql.conf"
fi
# Extra settings for a profiling run (for example pg_stat_statements), one per line.
if [ -n "${LYCEUM_PG_CONF:-}" ]; then printf '%s\n' "$LYCEUM_PG_CONF" >> "$PGDATA_TEST/postgresql.conf"; fi
as_pg "$PGBIN/pg_ctl" -D "$PGDATA_TEST" -l "$PGDATA_TEST/log" -w -t 60 start >/dev/null
# The application's role: owns its databases and runs migrations, but is no superuser and cannot bypass
# row-level security (like a managed PostgreSQL's main user).
psql -q -h 127.0.0.1 -p "$PGPORT_TEST" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE lyceum LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB CREATEROLE" >/dev/null

# aiosmtpd creates the Maildir (it must not exist yet, or its new/ cur/ tmp/ are not made).
python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT_TEST" -c aiosmtpd.handlers.Mailbox "$LYCEUM_SERVICES_DIR/mail" \
  >"$LYCEUM_SERVICES_DIR/smtp.log" 2>&1 &
SMTP_PID_TEST=$!
for _ in $(seq 1 100); do
  python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$SMTP_PORT_TEST)))" && break
  sleep 0.1
done

# Two OpenID providers (one whose key a test rotates); skipped where Node is missing (benchmarks).
OIDC_PIDS_TEST=()
if command -v node >/dev/null 2>&1; then
  oidc_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/oidc"
  [ -d "$oidc_dir/node_modules" ] || (cd "$oidc_dir" && npm ci --no-audit --no-fund --loglevel=error)
  for name in main rotating; do
    node "$oidc_dir/provider.mjs" 0 >"$LYCEUM_SERVICES_DIR/oidc-$name.url" 2>"$LYCEUM_SERVICES_DIR/oidc-$name.log" &
    OIDC_PIDS_TEST+=($!)
  done
  for name in main rotating; do
    for _ in $(seq 1 100); do [ -s "$LYCEUM_SERVICES_DIR/oidc-$name.url" ] && break; sleep 0.1; done
  done
  export LYCEUM_TEST_OIDC_URL=$(cat "$LYCEUM_SERVICES_DIR/oidc-main.url")
  export LYCEUM_TEST_OIDC_ROTATING_URL=$(cat "$LYCEUM_SERVICES_DIR/oidc-rotating.url")
fi

# A real LTI 1.3 tool (tests/lti/tool.py, on PyLTI1p3) the LTI tests launch into.
LTI_PID_TEST=
if ! python3 -c 'import pylti1p3, flask' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check \
    -r "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/lti/requirements.txt"
fi
python3 "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/lti/tool.py" \
  >"$LYCEUM_SERVICES_DIR/lti-tool.url" 2>"$LYCEUM_SERVICES_DIR/lti-tool.log" &
LTI_PID_TEST=$!
for _ in $(seq 1 100); do [ -s "$LYCEUM_SERVICES_DIR/lti-tool.url" ] && break; sleep 0.1; done
export LYCEUM_TEST_LTI_TOOL_URL=$(head -n 1 "$LYCEUM_SERVICES_DIR/lti-tool.url")
for _ in $(seq 1 100); do
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/jwks")' "$LYCEUM_TEST_LTI_TOOL_URL" \
    2>/dev/null && break
  sleep 0.1
done

# An S3-compatible object store (s3s-fs from crates.io, pinned: 0.14 is the last for this toolchain).
S3_PID_TEST=
s3_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/tools"
if [ ! -x "$s3_root/bin/s3s-fs" ]; then
  echo "building s3s-fs (once, into target/tools)" >&2
  cargo install --quiet --locked --root "$s3_root" s3s-fs@0.14.1 --features binary
fi
S3_PORT_TEST=$(free_port)
mkdir -p "$LYCEUM_SERVICES_DIR/s3/lyceum-test"
"$s3_root/bin/s3s-fs" --host 127.0.0.1 --port "$S3_PORT_TEST" \
  --access-key lyceum-test-key --secret-key lyceum-test-secret "$LYCEUM_SERVICES_DIR/s3" \
  >"$LYCEUM_SERVICES_DIR/s3.log" 2>&1 &
S3_PID_TEST=$!
for _ in $(seq 1 100); do
  python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$S3_PORT_TEST)))" && break
  sleep 0.1
done
export LYCEUM_TEST_S3_ENDPOINT="http://127.0.0.1:$S3_PORT_TEST"

stop_services() {
  kill "$SMTP_PID_TEST" "${OIDC_PIDS_TEST[@]}" $S3_PID_TEST $LTI_PID_TEST 2>/dev/null || true
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_TEST" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$LYCEUM_SERVICES_DIR"
}
trap stop_services EXIT

export LYCEUM_TEST_POSTGRES_URL="postgres://lyceum@127.0.0.1:$PGPORT_TEST/postgres"
export LYCEUM_TEST_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT_TEST"
export LYCEUM_TEST_MAILDIR="$LYCEUM_SERVICES_DIR/mail"
# Secrets at rest: every Lyceum process this run starts shares one key encryption key.
export LYCEUM_MASTER_KEY="${LYCEUM_MASTER_KEY:-$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')}"
echo "services: PostgreSQL on 127.0.0.1:$PGPORT_TEST, SMTP sink on 127.0.0.1:$SMTP_PORT_TEST, OpenID providers ${LYCEUM_TEST_OIDC_URL:-none} ${LYCEUM_TEST_OIDC_ROTATING_URL:-}, S3 (s3s-fs) at $LYCEUM_TEST_S3_ENDPOINT" >&2
