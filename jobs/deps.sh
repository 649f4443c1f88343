#!/bin/sh
# deps.sh: what "make deps" runs.  Checks the Debian packages the build and
# the tests need; installs the missing ones with apt-get when run as root,
# otherwise prints the one command to run and fails.  Silent when nothing
# is missing, so "make check" stays quiet.
set -eu

prog=deps
packages="gcc make pkg-config libpq-dev libcsv-dev libxml2-dev libssl-dev libpcre2-dev check postgresql libxml2-utils"
pkgconfig_modules="libpq libxml-2.0 libcrypto libpcre2-8 check"

# pkg_config_finds_all: the libraries' pkg-config modules are all there.
pkg_config_finds_all() {
	command -v pkg-config >/dev/null 2>&1 || return 1
	# shellcheck disable=SC2086 # one word per module
	pkg-config --exists $pkgconfig_modules 2>/dev/null
}

if ! command -v dpkg-query >/dev/null 2>&1; then
	if pkg_config_finds_all; then
		echo "$prog: note: not a Debian system; pkg-config finds $pkgconfig_modules, so going on (libcsv, PostgreSQL's server programs and xmllint are assumed present)" >&2
		exit 0
	fi
	echo "$prog: error: not a Debian system, and pkg-config does not find all of: $pkgconfig_modules" >&2
	echo "$prog: hint: Install your system's packages for: $packages" >&2
	exit 1
fi

missing=""
for p in $packages; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done
missing=${missing# }
[ -n "$missing" ] || exit 0

if [ "$(id -u)" != 0 ]; then
	echo "$prog: error: missing Debian packages: $missing" >&2
	echo "$prog: hint: Install them with this command, then run make again:" >&2
	echo "    sudo apt-get install -y --no-install-recommends $missing" >&2
	exit 1
fi

echo "$prog: installing: $missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || {
	echo "$prog: error: could not update the package lists (apt-get update)" >&2
	exit 1
}
# shellcheck disable=SC2086 # one word per package
apt-get install -y -q --no-install-recommends $missing </dev/null || {
	echo "$prog: error: could not install: $missing" >&2
	exit 1
}
echo "$prog: installed: $missing"
