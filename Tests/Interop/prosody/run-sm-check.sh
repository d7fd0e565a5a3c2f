#!/usr/bin/env bash
# Runs Tests/Interop/slixmpp/sm_resume_interop.py against a throwaway Prosody
# (Debian's 0.12 package, whose built-in mod_smacks does XEP-0198), to check the
# harness itself. Everything lives in a temporary folder that is removed at the
# end: a CA and a certificate for alpha.test made with openssl, a config with
# one c2s port on 127.0.0.1 asked of the OS, s2s and HTTP off, two accounts
# made with prosodyctl. Prosody runs in the foreground under `timeout`, is
# stopped by its PID when done, and never listens on anything but loopback.
#
#   Tests/Interop/prosody/run-sm-check.sh [--runs N] [--mechanism M] [--verbose]
#
# The slixmpp interpreter is $SLIXMPP_PYTHON, else what
# scripts/ensure-test-peers.sh prints. The script's JSON lines go to stdout;
# exit status 0 when every run passed, else the first failing run's status
# (1 step failed, 2 usage, 3 timeout), 4 when Prosody could not be started.
set -euo pipefail

runs=3
mechanism=SCRAM-SHA-1
verbose=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --mechanism) mechanism="$2"; shift 2 ;;
        --verbose) verbose=(--verbose); shift ;;
        *) echo "usage: $0 [--runs N] [--mechanism PLAIN|SCRAM-SHA-1|SCRAM-SHA-256] [--verbose]" >&2; exit 2 ;;
    esac
done

say() { echo "run-sm-check: $*" >&2; }
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
python="${SLIXMPP_PYTHON:-$("$repo_root/scripts/ensure-test-peers.sh")}"
domain=alpha.test

folder="$(mktemp -d /tmp/xmpplab-sm-check.XXXXXX)"
prosody_pid=""
cleanup() {
    if [ -n "$prosody_pid" ] && kill -0 "$prosody_pid" 2>/dev/null; then
        kill "$prosody_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$prosody_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$prosody_pid" 2>/dev/null || true
    fi
    rm -rf "$folder"
}
trap cleanup EXIT

# A throwaway CA and a server certificate for $domain signed by it.
(
    cd "$folder"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
        -subj "/CN=xmpplab sm-check CA" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout "$domain.key" -out "$domain.csr" -subj "/CN=$domain" 2>/dev/null
    printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$domain" > ext.cnf
    openssl x509 -req -in "$domain.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
        -extfile ext.cnf -out "$domain.crt" 2>/dev/null
)

# A free loopback port, asked of the OS.
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$folder/data"
cat > "$folder/prosody.cfg.lua" <<EOF
run_as_root = true
daemonize = false
pidfile = "$folder/prosody.pid"
data_path = "$folder/data"
log = { debug = "$folder/prosody.log" }
interfaces = { "127.0.0.1" }
c2s_ports = { $port }
s2s_ports = {}
c2s_direct_tls_ports = {}
s2s_direct_tls_ports = {}
legacy_ssl_ports = {}
http_ports = {}
https_ports = {}
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "presence"; "smacks" }
modules_disabled = { "s2s" }
smacks_hibernation_time = 60
authentication = "internal_hashed"
c2s_require_encryption = true
certificates = "$folder"
VirtualHost "$domain"
    ssl = { certificate = "$folder/$domain.crt"; key = "$folder/$domain.key" }
EOF
for account in alice:alice-pw bob:bob-pw; do
    prosodyctl --config "$folder/prosody.cfg.lua" register "${account%%:*}" "$domain" "${account#*:}" >/dev/null
done

# Foreground, bounded: never longer than the runs can take.
timeout $((runs * 60 + 30)) /usr/bin/prosody --config "$folder/prosody.cfg.lua" -F \
    </dev/null >"$folder/prosody.out" 2>&1 &
prosody_pid=$!
ready=0
for _ in $(seq 100); do
    if "$python" -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2).close()" 2>/dev/null; then
        ready=1; break
    fi
    kill -0 "$prosody_pid" 2>/dev/null || break
    sleep 0.1
done
if [ "$ready" -ne 1 ]; then
    say "prosody did not open port $port"
    tail -n 30 "$folder/prosody.log" "$folder/prosody.out" >&2 2>/dev/null || true
    exit 4
fi
say "prosody $(dpkg-query -W -f='${Version}' prosody 2>/dev/null || echo '?') on 127.0.0.1:$port, $runs run(s) with $mechanism"

status=0
for run in $(seq "$runs"); do
    say "run $run"
    if "$python" "$repo_root/Tests/Interop/slixmpp/sm_resume_interop.py" \
        --host 127.0.0.1 --port "$port" --domain "$domain" --ca "$folder/ca.pem" \
        --user1 alice --password1 alice-pw --user2 bob --password2 bob-pw \
        --mechanism "$mechanism" --timeout 30 "${verbose[@]}"; then
        :
    else
        status=$?
        say "run $run failed with status $status; the end of Prosody's log:"
        tail -n 40 "$folder/prosody.log" >&2 || true
        break
    fi
done
exit "$status"
