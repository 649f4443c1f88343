#!/bin/sh
# deps.sh: what "make deps" runs.  Installs the Debian packages the build and
# the tests need that are missing: with apt-get when run as root, otherwise it
# prints the one command to run and fails.
set -eu

packages="gcc make pkg-config libpq-dev libcsv-dev libxml2-dev libssl-dev libpcre2-dev check postgresql libxml2-utils"

if ! command -v dpkg-query >/dev/null 2>&1; then
	if pkg-config --exists libpq libxml-2.0 libcrypto libpcre2-8 check 2>/dev/null; then
		echo "deps: not a Debian system; pkg-config finds the libraries, going on" >&2
		exit 0
	fi
	echo "deps: error: not a Debian system, and pkg-config does not find libpq, libxml-2.0, libcrypto, libpcre2-8 and check" >&2
	echo "deps: hint: Install the equivalents of: $packages" >&2
	exit 1
fi

missing=""
for p in $packages; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: error: missing Debian packages:$missing" >&2
	echo "deps: hint: Run: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: installed:$missing"
