#!/usr/bin/env bash
# Makes sure the third-party XMPP peers used by the interop tests are installed,
# then prints the path of the Python interpreter that has them (and nothing else
# on stdout), so callers can write:
#
#     python="$(scripts/ensure-test-peers.sh)"
#     "$python" Tests/Interop/slixmpp/c2s_interop.py --help
#
# It keeps a virtualenv at .build-peers/venv (git-ignored, like every .build*)
# with exact pins from PyPI. A second run with the same pins is a fast no-op.
# The interpreter that creates the venv is $XMPPLAB_PYTHON, else python3; it
# must be Python 3.11 or newer (Debian 12 ships 3.11). On Debian, venv needs the
# python3-venv package: as root this script installs it, otherwise it prints the
# exact apt-get command and fails. All diagnostics go to stderr.
set -euo pipefail

# slixmpp and everything it pulls in, pinned, so every run tests the same peer.
requirements=(
    slixmpp==1.17.0
    aiodns==4.0.4
    pycares==5.2.1
    cffi==2.1.1
    pycparser==3.12
    pyasn1==0.6.5
    pyasn1_modules==0.4.2
)

say() { echo "ensure-test-peers: $*" >&2; }
die() { say "error: $*"; exit 1; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo_root/.build-peers/venv"
venv_python="$venv/bin/python"
stamp="$venv/.xmpplab-requirements"
wanted="${requirements[*]}"

# Prosody, the real XMPP server the federation interop test runs (Debian's
# package; the test starts its own instance from a throwaway config, never the
# system service).
if ! command -v prosody >/dev/null 2>&1; then
    prosody_command="apt-get install -y --no-install-recommends prosody"
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing prosody"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        $prosody_command >&2 || die "'$prosody_command' failed"
        # The package may start its system service; the tests need none.
        (service prosody stop || true) >/dev/null 2>&1
    else
        die "prosody is not installed; run as root: apt-get update && $prosody_command"
    fi
fi

# Fast path: the venv exists, still runs, and was built from these exact pins.
if [ -x "$venv_python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] \
    && "$venv_python" -c '' 2>/dev/null; then
    echo "$venv_python"
    exit 0
fi

python="${XMPPLAB_PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 \
    || die "'$python' not found; install Python 3.11+ (Debian: apt-get install -y python3 python3-venv) or set XMPPLAB_PYTHON"

"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
    || die "$("$python" --version 2>&1) is too old; slixmpp ${requirements[0]#slixmpp==} needs Python 3.11+ (set XMPPLAB_PYTHON to a newer interpreter)"

# Debian's python3 lacks venv/ensurepip until python3-venv is installed.
if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_command="apt-get install -y --no-install-recommends python3-venv"
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing python3-venv"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        $apt_command >&2 || die "'$apt_command' failed"
        "$python" -c 'import venv, ensurepip' >/dev/null 2>&1 \
            || die "'$python' still has no working venv module after installing python3-venv (is '$python' Debian's python3?)"
    else
        die "'$python' has no venv module; run as root: apt-get update && $apt_command"
    fi
fi

say "creating $venv with ${requirements[0]}"
mkdir -p "$(dirname "$venv")"
# --clear: a venv left half-built by an earlier failed run starts over.
"$python" -m venv --clear "$venv" >&2 || die "'$python -m venv $venv' failed"

if ! "$venv_python" -m pip install --disable-pip-version-check --no-input --quiet \
    "${requirements[@]}" >&2; then
    rm -f "$stamp"
    die "pip could not install ${wanted} from PyPI (output above). Check network access to pypi.org (or set PIP_INDEX_URL), then rerun $0"
fi

"$venv_python" -c "import slixmpp, sys; sys.exit(0 if slixmpp.__version__ == '${requirements[0]#slixmpp==}' else 1)" \
    || die "slixmpp installed but does not import as ${requirements[0]#slixmpp==} from $venv_python"

echo "$wanted" >"$stamp"
say "ready: $venv_python"
echo "$venv_python"
