#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Measures the kernel-C front end on the real kernel tree: parse rate (by
# the brace scanner's denominator), files per second and peak memory, for
# kernel/ mm/ net/ drivers/usb drivers/net one by one and the whole tree,
# in the non-RT and RT configurations, with 2 parallel jobs. Writes
# bench/parse-results.md.
#
#   bench/parse.sh            everything (about half an hour on 2 cores)
#   bench/parse.sh dirs       the five directories only
#   bench/parse.sh whole      the whole tree only
#
# The tree is $KCOVLINT_KERNEL_TREE, else what scripts/kernel-tree.sh
# provides. Peak memory is the process's maximum RSS as the kernel reports
# it (getrusage), the same figure `/usr/bin/time -v` prints.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
jobs=${KCOVLINT_JOBS:-2}

tree=${KCOVLINT_KERNEL_TREE:-}
if [ -z "$tree" ]; then
	tree=$(scripts/kernel-tree.sh)
fi
if [ ! -d "$tree/kernel" ]; then
	echo "bench/parse.sh: no kernel tree at '$tree'" >&2
	exit 1
fi

bin=$(mktemp -d)/kcovlint
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/kcovlint

out=bench/parse-results.md
rows=$(mktemp)
trap 'rm -rf "$(dirname "$bin")" "$rows"' EXIT

# run NAME CONFIG PATH...: one row of the table.
run() {
	local name=$1 cfg=$2
	shift 2
	local json
	json=$("$bin" parse -j "$jobs" --config "$cfg" --format json "$@")
	# Pull the summary fields out of the JSON without extra tools.
	field() { printf '%s\n' "$json" | sed -n "s/^  \"$1\": \\([^,]*\\),*\$/\\1/p" | head -1; }
	local files parsed scanned seconds fps rss fails cpu
	files=$(field files)
	parsed=$(field parsed_counted)
	scanned=$(field scanned)
	seconds=$(field seconds)
	fps=$(field files_per_second)
	rss=$(field peak_rss_kb)
	cpu=$(field cpu_seconds)
	fails=$(printf '%s\n' "$json" | grep -c '"reason":' || true)
	local rate
	rate=$(printf '%.2f' "$(field rate_percent)")
	printf '| %s | %s | %s | %s / %s | %s%% | %s | %.1f | %.1f | %.1f | %d |\n' \
		"$name" "$cfg" "$files" "$parsed" "$scanned" "$rate" "$fails" "$seconds" "$cpu" "$fps" "$((rss / 1024))" | tee -a "$rows"
}

for cfg in nonrt rt; do
	if [ "$what" = all ] || [ "$what" = dirs ]; then
		for d in kernel mm net drivers/usb drivers/net; do
			run "$d/" "$cfg" "$tree/$d"
		done
	fi
	if [ "$what" = all ] || [ "$what" = whole ]; then
		run "whole tree" "$cfg" "$tree"
	fi
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
{
	echo "<!-- SPDX-License-Identifier: MIT -->"
	echo "# Parse benchmark"
	echo
	echo "Written by \`bench/parse.sh $what\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
	echo
	echo "- machine: $(uname -srm), $(nproc) cores (${cpu:-unknown CPU}), ${mem:-unknown memory}"
	echo "- $(go version)"
	echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
	echo "- tree: $(basename "$tree"), jobs: $jobs"
	echo
	echo "Rate: functions parsed with a body / functions the brace scanner counts"
	echo "(per file, parsed counts no more than the scanner's count)."
	echo "Seconds are wall-clock with $jobs jobs; CPU seconds are user+system of the"
	echo "process (they do not depend on what else runs on the machine); peak RSS"
	echo "is the whole process."
	echo
	echo "| files | config | count | parsed / scanned | rate | failures | seconds | CPU s | files/s | peak RSS MB |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	cat "$rows"
} > "$out"
echo "bench/parse.sh: wrote $out"
