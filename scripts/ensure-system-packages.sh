#!/usr/bin/env bash
# Installs the Debian packages xmpplab needs to build and test, when they are
# missing. As root it installs them; otherwise it prints the exact command and
# fails, so nothing half-works.
set -euo pipefail

packages=(pkg-config libxml2-dev libsqlite3-dev libssl-dev libsasl2-dev libsasl2-modules)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "xmpplab: missing system packages: ${missing[*]}" >&2
    echo "xmpplab: run as root: apt-get update && $command" >&2
    exit 1
fi

echo "xmpplab: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$command
