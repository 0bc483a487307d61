#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Prints the path of an unpacked Debian linux-source-6.12 tree, installing
# and unpacking it into the cache on first use:
#   ${KCOVLINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kcovlint}/linux-source-6.12
# Exits 1 with a message on stderr when it cannot provide one.
set -euo pipefail
cache=${KCOVLINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kcovlint}
tree=$cache/linux-source-6.12
if [ -f "$tree/Makefile" ] && [ -d "$tree/kernel" ]; then
	echo "$tree"
	exit 0
fi
tarball=/usr/src/linux-source-6.12.tar.xz
if [ ! -f "$tarball" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "kernel-tree: installing linux-source-6.12 with apt-get" >&2
		(apt-get install -y -q linux-source-6.12 >&2 || { apt-get update -q >&2 && apt-get install -y -q linux-source-6.12 >&2; }) || true
	fi
fi
if [ ! -f "$tarball" ]; then
	echo "kernel-tree: $tarball not available (apt-get install linux-source-6.12)" >&2
	exit 1
fi
mkdir -p "$cache"
echo "kernel-tree: unpacking $tarball into $cache" >&2
tar -C "$cache" -xJf "$tarball"
echo "$tree"
