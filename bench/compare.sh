#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Compares kcovlint with the tools kernel developers already run
# (checkpatch.pl, sparse through `make C=2`, coccinelle's locks/ semantic
# patches), in one run on one machine, and writes bench/results.md: wall
# seconds and peak RSS (/usr/bin/time -f '%e %M'), the exact command of
# every row, the machine, the load average and the kernel tree version.
#
#   bench/compare.sh           everything (an hour or more on 2 busy cores
#                              the first time: index build, sparse build dir)
#   bench/compare.sh --quick   no sparse build preparation (a prepared build
#                              dir from an earlier run is still used) and no
#                              runs over the whole kernel/ directory
#
# Inputs, each optional (a part whose inputs are absent is skipped, and
# results.md says so):
#   - the kernel tree: $KCOVLINT_KERNEL_TREE, else what scripts/kernel-tree.sh
#     provides (Debian's linux-source-6.12, unpacked into the cache);
#   - the kcov-rt corpus: $KCOVLINT_CORPUS, else ../shared/corpus/kcov-rt
#     (patches/v4.patch and its pre-image base/kernel/kcov.c);
#   - Debian's kernel configs: $KCOVLINT_BENCH_CONFIG, else
#     /usr/src/linux-config-6.12/config.amd64_none_amd64.xz.
# Everything it prepares is cached under ${KCOVLINT_CACHE:-~/.cache/kcovlint}/bench/
# (a hard-link copy of the tree with the patch's pre-image of kernel/kcov.c,
# the index of that copy, the sparse build dir), so reruns are fast. It never
# writes into the kernel tree itself. Missing Debian packages (sparse,
# coccinelle, the kernel build dependencies) are installed with apt-get when
# running as root.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

quick=0
for a in "$@"; do
	case $a in
	--quick) quick=1 ;;
	-h | --help)
		sed -n '3,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "bench/compare.sh: unknown argument '$a' (see --help)" >&2
		exit 2
		;;
	esac
done

cache=${KCOVLINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kcovlint}
bcache=$cache/bench
mkdir -p "$bcache"
corpus=${KCOVLINT_CORPUS:-$repo/../shared/corpus/kcov-rt}
[ -d "$corpus" ] && corpus=$(cd "$corpus" && pwd)
jobs=$(nproc)
out=bench/results.md
bin=/tmp/kcovlint-bench
work=$(mktemp -d /tmp/kcovlint-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
rows=$work/rows
skips=$work/skips
: >"$rows"
: >"$skips"
logs=$bcache/logs
rm -rf "$logs"
mkdir -p "$logs"
nrow=0
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
t_start=$SECONDS

say() { echo "bench/compare.sh: $*" >&2; }
skip() {
	say "skipped: $*"
	echo "- $*" >>"$skips"
}

# Install Debian packages that are missing, when we can.
apt_install() {
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
		return 1
	fi
	say "apt-get install -y $*"
	apt-get install -y -q "$@" >"$work/apt.log" 2>&1 ||
		{ apt-get update -q >>"$work/apt.log" 2>&1 && apt-get install -y -q "$@" >>"$work/apt.log" 2>&1; }
}

# show CMD...: the command as the results print it, the long paths named.
show() {
	local s="" a
	for a in "$@"; do
		case $a in
		*' '*) a="'$a'" ;;
		esac
		s="$s $a"
	done
	s=${s# }
	s=${s//$bin/kcovlint}
	[ -n "${build:-}" ] && s=${s//$build/\$BUILD}
	[ -n "${vtree:-}" ] && s=${s//$vtree/\$VTREE}
	[ -n "${ctree:-}" ] && s=${s//$ctree/\$CTREE}
	[ -n "${tree:-}" ] && s=${s//$tree/\$TREE}
	s=${s//$bcache/\$BENCH}
	s=${s//$corpus/\$CORPUS}
	s=${s//|/\\|}
	printf '%s' "$s"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# measure TOOL INPUT NOTE REPS OKCODES [DIR] -- CMD...: runs CMD REPS times
# (in DIR, default a scratch dir) under /usr/bin/time -f '%e %M %U %S',
# stdout to $work/stdout, stderr to $work/stderr, and appends one row:
# the median wall seconds, the largest peak RSS, and in the notes the CPU
# seconds, the 1-minute load average before the run, the spread of the
# runs and a millisecond wall figure from the shell clock. OKCODES: exit
# codes that are not failures ("0 1"; "any").
# Sets last_wall (seconds, from the shell clock), last_rc, last_ok.
measure() {
	local tool=$1 input=$2 note=$3 reps=$4 okcodes=$5 dir=$work
	shift 5
	if [ "$1" != -- ]; then
		dir=$1
		shift
	fi
	shift
	local i e m u s rc t0 t1 walls=() mss=() rss=0 cpu=0 load
	load=$(cut -d' ' -f1 /proc/loadavg)
	last_ok=1
	say "$tool on $input: $(show "$@") (x$reps)"
	for ((i = 0; i < reps; i++)); do
		t0=$EPOCHREALTIME
		set +e
		(cd "$dir" && exec /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr")
		rc=$?
		set -e
		t1=$EPOCHREALTIME
		read -r e m u s <<<"$(grep -E '^[0-9.]+ [0-9]+ [0-9.]+ [0-9.]+$' "$work/time" | tail -1)" || true
		walls+=("${e:-0}")
		mss+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')")
		[ "${m:-0}" -gt "$rss" ] && rss=${m:-0}
		cpu=$(awk -v c="$cpu" -v u="${u:-0}" -v s="${s:-0}" 'BEGIN { print c + u + s }')
		last_rc=$rc
		if [ "$okcodes" != any ] && ! [[ " $okcodes " == *" $rc "* ]]; then
			last_ok=0
			break
		fi
	done
	local n=${#walls[@]} wall ms notes
	nrow=$((nrow + 1))
	cp "$work/stdout" "$logs/$(printf %02d "$nrow").out"
	cp "$work/stderr" "$logs/$(printf %02d "$nrow").err"
	last_cpu=$(awk -v c="$cpu" -v n="$n" 'BEGIN { printf "%.2f", c / n }')
	wall=$(printf '%s\n' "${walls[@]}" | median)
	ms=$(printf '%s\n' "${mss[@]}" | median)
	last_wall=$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')
	notes=$note
	if [ "$last_ok" = 0 ]; then
		local why
		why=$(grep -v '^Command exited' "$work/stderr" | grep -m1 . | cut -c1-300 || true)
		notes="**FAILED, exit $rc**: $(show "$why")${notes:+; $notes}"
	elif [ "$rc" != 0 ]; then
		notes="$notes; exit $rc"
	fi
	if [ "$n" -gt 1 ]; then
		local lo hi
		lo=$(printf '%s\n' "${walls[@]}" | sort -g | head -1)
		hi=$(printf '%s\n' "${walls[@]}" | sort -g | tail -1)
		notes="$notes; median of $n runs ($lo–$hi s)"
	fi
	if awk -v w="$wall" 'BEGIN { exit !(w < 10) }'; then
		notes="$notes; shell clock ${ms} ms"
	fi
	notes="$notes; CPU $last_cpu s; load1 $load"
	notes=${notes#; }
	printf '| %s | %s | `%s` | %s | %d | %s |\n' "$tool" "$input" "$(show "$@")" "$wall" "$((rss / 1024))" "$notes" >>"$rows"
	LAST_ROW=$(tail -1 "$rows")
}

# add_note TEXT: adds TEXT to the notes of the last row, before its CPU figure.
add_note() {
	[ -n "$1" ] || return 0
	local last
	last=$(tail -1 "$rows")
	head -n -1 "$rows" >"$work/rows.tmp" || true
	last=${last/CPU /"$1; CPU "}
	printf '%s\n' "$last" >>"$work/rows.tmp"
	mv "$work/rows.tmp" "$rows"
}

# pop_row: removes the last row and prints it.
pop_row() {
	tail -1 "$rows"
	head -n -1 "$rows" >"$work/rows.tmp" || true
	mv "$work/rows.tmp" "$rows"
}

# json_field NAME FILE: a top-level number of a JSON object.
json_field() { sed -n "s/^  \"$1\": \\([^,]*\\),*\$/\\1/p" "$2" | head -1; }

# findings FILE: how many findings a kcovlint --format json output has.
findings() {
	python3 - "$1" <<-'EOF' 2>/dev/null || echo "?"
		import json, sys
		d = json.load(open(sys.argv[1]))
		f = d.get("findings") or []
		rules = {}
		for x in f:
		    rules[x.get("rule", "?")] = rules.get(x.get("rule", "?"), 0) + 1
		print(len(f), "findings" + (" (" + ", ".join("%s %d" % kv for kv in sorted(rules.items())) + ")" if rules else ""))
	EOF
}

# ---------------------------------------------------------------- inputs
tree=${KCOVLINT_KERNEL_TREE:-}
if [ -z "$tree" ]; then
	tree=$(scripts/kernel-tree.sh) || tree=""
fi
tree_version=none
if [ -n "$tree" ] && [ -d "$tree/kernel" ]; then
	tree=$(cd "$tree" && pwd)
	tree_version=$(make -s -C "$tree" kernelversion 2>/dev/null) || tree_version=unknown
else
	skip "no kernel tree (scripts/kernel-tree.sh could not provide linux-source-6.12): every row that needs one"
	tree=""
fi
patch=$corpus/patches/v4.patch
base=$corpus/base/kernel/kcov.c
have_patch=1
if [ ! -f "$patch" ] || [ ! -f "$base" ]; then
	skip "no kcov-rt corpus at $corpus (patches/v4.patch, base/kernel/kcov.c): the patch rows (kcovlint on the patch, checkpatch.pl)"
	have_patch=0
fi

say "building $bin"
go build -o "$bin" ./cmd/kcovlint
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=""
git diff --quiet HEAD -- ':!bench' 2>/dev/null || dirty=" (with uncommitted changes of the work tree)"

# The tree the patch applies to: a hard-link copy of the kernel tree whose
# kernel/kcov.c is the patch's pre-image (v4 is against ~v7.1-rc; 6.12's
# kcov.c already has the fix that was finally accepted, and the hunks do not
# apply to it). include/linux/sched.h and lib/Kconfig.debug are 6.12's.
vtree=""
if [ -n "$tree" ] && [ "$have_patch" = 1 ]; then
	vtree=$bcache/tree-kcov-v4
	stamp="$tree $tree_version $(sha256sum <"$base" | cut -c1-16)"
	if [ "$(cat "$vtree.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -f "$vtree/Makefile" ]; then
		say "making $vtree (hard links to $tree)"
		rm -rf "$vtree" "$vtree.tmp"
		cp -al "$tree" "$vtree.tmp"
		rm "$vtree.tmp/kernel/kcov.c"
		cp "$base" "$vtree.tmp/kernel/kcov.c"
		mv "$vtree.tmp" "$vtree"
		echo "$stamp" >"$vtree.stamp"
	fi
fi
# The corpus's own small tree: the pre-image and the files that call the
# kcov remote API (copied from 6.12), as the corpus README suggests.
ctree=""
if [ "$have_patch" = 1 ] && [ -d "$corpus/callers" ]; then
	ctree=$bcache/corpus-tree
	rm -rf "$ctree"
	mkdir -p "$ctree"
	cp -r "$corpus/base/." "$corpus/callers/." "$ctree/"
fi

# ------------------------------------------------- 1. kcovlint on the patch
db=""
cold_wall=""
cold_cpu=""
index_cpu=""
base_cpu=""
index_wall=""
cp_wall=""
sparse1_wall=""
sparse10_wall=""
spatch1_wall=""
k10_wall=""
base_wall=""
index_build_row=""
if [ -n "$vtree" ]; then
	# One untimed run first: it reads the tree into the page cache.
	say "kcovlint: one untimed run to warm the page cache"
	(cd "$work" && "$bin" lint -C "$vtree" --index none --format json "$patch" >/dev/null 2>&1) || true
	measure kcovlint "v4.patch, whole tree, no index" "cold (no index): callers found by scanning every .c/.h of the tree; page cache warm" 3 "0 1" -- \
		"$bin" lint -C "$vtree" --index none --format json "$patch"
	cold_wall=$last_wall
	cold_cpu=$last_cpu
	add_note "$(findings "$work/stdout")"

	if "$bin" index -h >/dev/null 2>&1; then
		db=$bcache/index-tree-kcov-v4.db
		if [ -f "$db" ] && [ -f "$db.build-row" ]; then
			index_build_row=$(cat "$db.build-row")
		else
			rm -f "$db" "$db-wal" "$db-shm"
			measure "kcovlint index" "whole tree (build)" "one-off: parses every .c/.h into SQLite, -j $jobs" 1 "0" -- \
				"$bin" index -C "$vtree" --index "$db" -j "$jobs" --json -q
			if [ "$last_ok" = 1 ]; then
				files=$(json_field files "$work/stdout")
				size=$(du -cb "$db"* | tail -1 | cut -f1)
				add_note "$files files, $(awk -v b="$size" 'BEGIN { printf "%.0f MB", b / 1048576 }') database; measured $(date -u +%Y-%m-%d)"
				tail -1 "$rows" >"$db.build-row"
			else
				db=""
			fi
			index_build_row=$(pop_row)
		fi
		echo "$index_build_row" | sed 's/measured \([0-9-]*\)/built \1, cached since/' >>"$rows"
		if [ -n "$db" ]; then
			measure "kcovlint index" "whole tree (update, no file changed)" "incremental: stats every file, parses none" 1 "0" -- \
				"$bin" index -C "$vtree" --index "$db" -j "$jobs" --json -q
			# Re-index after touching one file (same content: read and
			# hashed, not parsed), and after changing one (parsed again).
			touch "$vtree/kernel/kcov.c"
			measure "kcovlint index" "whole tree (update, kernel/kcov.c touched)" "incremental: the touched file is read and hashed; same content, not parsed" 1 "0" -- \
				"$bin" index -C "$vtree" --index "$db" -j "$jobs" --json -q
			printf '/* SPDX-License-Identifier: MIT */\n/* written by bench/compare.sh at %s */\nint kcovlint_bench_probe(void)\n{\n\treturn 0;\n}\n' "$(date -u +%s%N)" >"$vtree/kernel/kcovlint-bench-probe.c"
			measure "kcovlint index" "whole tree (update, one file changed)" "incremental: kernel/kcovlint-bench-probe.c written with new content, parsed again" 1 "0" -- \
				"$bin" index -C "$vtree" --index "$db" -j "$jobs" --json -q
			add_note "$(json_field reparsed "$work/stdout") re-parsed, $(json_field new "$work/stdout") new"
			rm -f "$vtree/kernel/kcovlint-bench-probe.c"
			"$bin" index -C "$vtree" --index "$db" -j "$jobs" -q >/dev/null 2>&1 || true
			measure kcovlint "v4.patch, whole tree, with index" "callers from the index" 5 "0 1" -- \
				"$bin" lint -C "$vtree" --index "$db" --format json "$patch"
			index_wall=$last_wall
			index_cpu=$last_cpu
			add_note "$(findings "$work/stdout")"
		fi
	else
		skip "kcovlint index: not in this build (\`kcovlint index -h\` fails): the index rows"
	fi
fi
if [ "$have_patch" = 1 ]; then
	# Without -C the working tree is the current directory (as for git
	# apply); run from the repository root it lacks the patched files, and
	# kcovlint must stop with an input error (exit 2) naming them.
	measure kcovlint "v4.patch, no tree" "no -C, run in the kcovlint checkout: the patched files are not there; expected: input error (exit 2) naming them, no partial result" 3 "2" -- \
		"$bin" lint --format json "$patch"
	measure kcovlint "v4.patch + its pre-image kernel/kcov.c only" "-C the corpus base/: one file, no callers to find" 5 "0 1" -- \
		"$bin" lint -C "$corpus/base" --format json "$patch"
	base_wall=$last_wall
	base_cpu=$last_cpu
	add_note "$(findings "$work/stdout")"
	if [ -n "$ctree" ]; then
		measure kcovlint "v4.patch + corpus tree (base/ + callers/, 15 files)" "small tree, scanned (no index)" 5 "0 1" -- \
			"$bin" lint -C "$ctree" --index none --format json "$patch"
		add_note "$(findings "$work/stdout")"
	fi
fi

# --------------------------------------------------------- 2. checkpatch.pl
if [ -n "$tree" ] && [ "$have_patch" = 1 ]; then
	cp_total() { grep -m1 '^total:' "$work/stdout" || true; }
	measure checkpatch.pl "v4.patch" "" 3 "0 1" -- \
		perl "$tree/scripts/checkpatch.pl" --no-tree "$patch"
	add_note "$(cp_total)"
	measure checkpatch.pl "v4.patch, with the tree root" "" 3 "0 1" -- \
		perl "$tree/scripts/checkpatch.pl" --root="$vtree" "$patch"
	add_note "$(cp_total)"
	[ "$last_ok" = 1 ] && cp_wall=$last_wall
fi

# ------------------------------------------------------- 3. sparse (C=2)
files10="softirq workqueue fork exit signal sys panic cpu smp kthread"
build=""
if [ -n "$tree" ]; then
	if ! command -v sparse >/dev/null; then
		apt_install sparse || true
	fi
	cfgsrc=${KCOVLINT_BENCH_CONFIG:-/usr/src/linux-config-6.12/config.amd64_none_amd64.xz}
	cfgname=$(basename "$cfgsrc" .xz)
	cfgname=${cfgname#config.}
	build=$bcache/build-$tree_version-$cfgname
	prepared=0
	[ -f "$build/.bench-prepared" ] && prepared=1
	if [ "$prepared" = 0 ] && [ "$quick" = 1 ]; then
		skip "sparse: --quick and no prepared build dir in $build (run without --quick once)"
	elif ! command -v sparse >/dev/null; then
		skip "sparse: not installed and apt-get install sparse failed"
	elif [ "$prepared" = 0 ]; then
		if [ ! -f "$cfgsrc" ]; then
			if [ "$(id -u)" = 0 ]; then apt_install linux-config-6.12 || true; fi
		fi
		need=""
		for c in make gcc flex bison bc perl rsync; do
			command -v $c >/dev/null || need="$need $c"
		done
		[ -f /usr/include/libelf.h ] || need="$need libelf-dev"
		[ -f /usr/include/openssl/ssl.h ] || need="$need libssl-dev"
		if [ -n "$need" ]; then
			apt_install build-essential flex bison bc libelf-dev libssl-dev rsync || true
		fi
		prep_log=$bcache/build-prepare.log
		why=""
		if [ ! -f "$cfgsrc" ]; then
			why="no config $cfgsrc"
		else
			rm -rf "$build"
			mkdir -p "$build"
			xz -dc "$cfgsrc" >"$build/.config"
			# Debian's signing keys and BTF are not available outside Debian's
			# build; kcov.o needs CONFIG_KCOV.
			"$tree/scripts/config" --file "$build/.config" --enable KCOV \
				--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
				--disable MODULE_SIG_ALL --disable DEBUG_INFO_BTF
			prep_cmd=(make -C "$tree" O="$build" -j"$jobs" olddefconfig prepare)
			measure "make (preparation)" "sparse build dir, Debian config $cfgname + KCOV" "one-off: olddefconfig, prepare; log in \$BENCH/build-prepare.log; measured $(date -u +%Y-%m-%d)" 1 "0" -- "${prep_cmd[@]}"
			cp "$work/stdout" "$prep_log"
			cat "$work/stderr" >>"$prep_log"
			pop_row >"$build.prepare-row"
			if [ "$last_ok" = 1 ]; then
				touch "$build/.bench-prepared"
				prepared=1
			else
				why="\`$(show "${prep_cmd[@]}")\` failed: $(grep -m3 -iE 'error|\*\*\*' "$prep_log" | tr '\n' ' ' | cut -c1-400)"
			fi
		fi
		[ -z "$why" ] || skip "sparse: build dir preparation failed: $why"
	fi
	[ -f "$build.prepare-row" ] && sed 's/measured \([0-9-]*\)/prepared \1, cached since/' "$build.prepare-row" >>"$rows"
	if [ "$prepared" = 1 ]; then
		sparse_warn() { echo "$(grep -c 'warning:' "$work/stderr" || true) sparse/compiler warnings, $(grep -c 'error:' "$work/stderr" || true) errors"; }
		rm -f "$build/kernel/kcov.o"
		measure "sparse (make C=2)" "kernel/kcov.c" "compile + sparse (object removed first)" 1 "0" -- \
			make -C "$tree" O="$build" C=2 kernel/kcov.o
		add_note "$(sparse_warn)"
		measure "sparse (make C=2)" "kernel/kcov.c" "sparse only (object up to date) + kbuild overhead" 3 "0" -- \
			make -C "$tree" O="$build" C=2 kernel/kcov.o
		[ "$last_ok" = 1 ] && sparse1_wall=$last_wall
		measure "make (no checker)" "kernel/kcov.c" "kbuild overhead alone (object up to date, nothing to do)" 3 "0" -- \
			make -C "$tree" O="$build" kernel/kcov.o
		objs=()
		for f in $files10; do
			objs+=("kernel/$f.o")
			rm -f "$build/kernel/$f.o"
		done
		measure "sparse (make C=2)" "10 files of kernel/" "compile + sparse (objects removed first)" 1 "0" -- \
			make -C "$tree" O="$build" -j"$jobs" C=2 "${objs[@]}"
		add_note "$(sparse_warn)"
		measure "sparse (make C=2)" "10 files of kernel/" "sparse only (objects up to date) + kbuild overhead" 1 "0" -- \
			make -C "$tree" O="$build" -j"$jobs" C=2 "${objs[@]}"
		[ "$last_ok" = 1 ] && sparse10_wall=$last_wall
	fi
fi

# ------------------------------------------------------------ 4. coccinelle
if [ -n "$tree" ]; then
	if ! command -v spatch >/dev/null; then
		apt_install coccinelle || true
	fi
	if ! command -v spatch >/dev/null; then
		skip "coccinelle: spatch not installed and apt-get install coccinelle failed"
	else
		cocci_jobs=()
		spatch --help 2>&1 | grep -q -- '--jobs' && cocci_jobs=(--jobs "$jobs" --chunksize 1)
		cocci_n() { echo "$(grep -c . "$work/stdout" || true) report lines"; }
		for sp in "$tree"/scripts/coccinelle/locks/*.cocci; do
			[ -f "$sp" ] || continue
			name=$(basename "$sp")
			# The flags of scripts/coccicheck in MODE=report, with the
			# script's own "// Options:" line.
			read -r -a opt <<<"$(sed -n 's|^// Options:||p' "$sp")"
			measure "coccinelle ($name)" "kernel/kcov.c" "run in \$TREE" 1 "0" "$tree" -- \
				spatch -D report --very-quiet --no-show-diff --cocci-file "$sp" "${opt[@]}" kernel/kcov.c
			add_note "$(cocci_n)"
			[ "$last_ok" = 1 ] && spatch1_wall=$(awk -v a="${spatch1_wall:-0}" -v b="$last_wall" 'BEGIN { printf "%.3f", a + b }')
			if [ "$quick" = 0 ]; then
				measure "coccinelle ($name)" "kernel/ ($(find "$tree/kernel" -name '*.[ch]' | wc -l) .c/.h)" "run in \$TREE" 1 "0" "$tree" -- \
					spatch -D report --very-quiet --no-show-diff --cocci-file "$sp" "${opt[@]}" --dir kernel "${cocci_jobs[@]}"
				add_note "$(cocci_n)"
			fi
		done
		[ "$quick" = 1 ] && skip "coccinelle over kernel/: --quick"
	fi
fi

# ----------------------------------------- 5. kcovlint over the tree's C
if [ -n "$tree" ]; then
	cfiles=()
	for f in $files10; do cfiles+=("$tree/kernel/$f.c"); done
	# lint_both INPUT-LABEL NO-INDEX-NOTE FILE...: kcovlint over the tree's
	# files, scanning for callers, then with the index. The index of the
	# hard-link copy serves the tree (paths are relative); only
	# kernel/kcov.c differs, and it is not among the 10 files (kernel/ as a
	# whole is over 20 files: no callers are looked up for it).
	# Sets indexed_wall to the indexed run's wall time ("" if none).
	lint_both() {
		local label=$1 note=$2
		shift 2
		measure kcovlint "$label" "$note" 1 "0 1" -- \
			"$bin" lint -C "$tree" --index none --format json "$@"
		add_note "$(findings "$work/stdout")"
		indexed_wall=""
		if [ -n "$db" ]; then
			measure kcovlint "$label" "callers from the index of \$VTREE" 1 "0 1" -- \
				"$bin" lint -C "$tree" --index "$db" --format json "$@"
			add_note "$(findings "$work/stdout")"
			if [ "$last_ok" = 1 ]; then indexed_wall=$last_wall; fi
		fi
	}
	lint_both "10 files of kernel/ (as sparse)" "no index: callers by scanning the tree" "${cfiles[@]}"
	k10_wall=$indexed_wall
	measure "kcovlint parse" "kernel/kcov.c" "front end only (non-RT configuration)" 3 "0" -- \
		"$bin" parse -j "$jobs" --format json "$tree/kernel/kcov.c"
	if [ "$quick" = 0 ]; then
		lint_both "kernel/ (whole directory)" "no index" "$tree/kernel"
		measure "kcovlint parse" "kernel/ (whole directory)" "front end only (non-RT)" 1 "0" -- \
			"$bin" parse -j "$jobs" --format json "$tree/kernel"
		files=$(json_field files "$work/stdout")
		parsed=$(json_field parsed "$work/stdout")
		scanned=$(json_field scanned "$work/stdout")
		add_note "$files files, $parsed of $scanned functions parsed"
	else
		skip "kcovlint over the whole kernel/ (lint, parse): --quick"
	fi
fi

# ------------------------------------------------------------- results.md
analysis=""
if [ -f "$out" ]; then
	analysis=$(sed -n '/^<!-- analysis:/,/^<!-- \/analysis -->/p' "$out" | sed '1d;$d')
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
ms() { [ -n "$1" ] && awk -v s="$1" 'BEGIN { printf "%.0f ms", s * 1000 }' || echo "not measured"; }
ratio_row() { # ratio_row KCOVLINT_ROW OTHER_ROW KCOVLINT_S OTHER_S
	if [ -z "$3" ] || [ -z "$4" ]; then
		echo "| $1 | $2 | ${3:-not measured} | ${4:-not measured} | |"
		return
	fi
	awk -v a="$3" -v b="$4" -v k="$1" -v o="$2" 'BEGIN { r = (b > 0) ? sprintf("%.2f", a / b) : "inf"; printf "| %s | %s | %.3f | %.3f | %s |\n", k, o, a, b, r }'
}
verdict() { # verdict SECONDS TARGET_MS
	[ -n "$1" ] || { echo "not measured"; return; }
	awk -v s="$1" -v t="$2" 'BEGIN { if (s * 1000 < t) print "**met**"; else printf "**not met** (%.0fx the target)\n", s * 1000 / t }'
}
{
	echo "<!-- SPDX-License-Identifier: MIT -->"
	echo "# kcovlint and the kernel's own checkers, side by side"
	echo
	echo "Written by \`bench/compare.sh$([ "$quick" = 1 ] && echo ' --quick')\` on $started ($(((SECONDS - t_start) / 60)) minutes)."
	echo
	echo "- machine: $(uname -srm), \`nproc\` $jobs (${cpu:-unknown CPU}), memory $mem"
	echo "- load average (1, 5, 15 min): $load_start at the start, $load_end at the end — other jobs share the machine, so wall times are upper bounds; the notes give each row's CPU seconds (user + system) and 1-minute load"
	echo "- kernel tree: Debian linux-source-$tree_version ($([ -n "$tree" ] && echo "\`\$TREE\` = $tree" || echo absent))"
	echo "- kcovlint: commit $commit$dirty, built with $(go version | cut -d' ' -f3) into $bin"
	echo "- others: $(perl -e 'print "perl $^V"'), $(sparse --version 2>/dev/null | head -1 | sed 's/^/sparse /' || echo 'no sparse'), $(spatch --version 2>/dev/null | head -1 | sed 's/ compiled.*//' || echo 'no spatch'), $(gcc --version | head -1)"
	echo
	echo "Paths in the commands:"
	echo
	echo "- \`\$TREE\`: the unpacked linux-source-$tree_version; \`\$CORPUS\`: $corpus"
	echo "- \`\$VTREE\`: \$BENCH/tree-kcov-v4, a hard-link copy of \$TREE whose kernel/kcov.c is the v4 patch's pre-image (\$CORPUS/base/kernel/kcov.c, ~v7.1-rc): v4 does not apply to 6.12's kcov.c, which already has the fix finally accepted; sched.h and Kconfig.debug are 6.12's (kcovlint notes the patch is already in them and undoes it)"
	echo "- \`\$CTREE\`: \$BENCH/corpus-tree, the corpus's base/ and callers/ in one folder (15 files)"
	echo "- \`\$BENCH\`: $bcache; \`\$BUILD\`: the sparse build dir (\`make O=\`) in \$BENCH"
	echo
	echo "Wall seconds: /usr/bin/time \`%e\` (median when run several times); peak RSS: \`%M\` of the largest run. stdout went to a file."
	echo "Exit 1 of kcovlint and checkpatch.pl means findings, not failure. Rows marked \"cached since\" were measured when the cache entry was made and are not rerun."
	echo
	echo "| tool | input | command | wall s | peak RSS MB | notes |"
	echo "|---|---|---|---|---|---|"
	cat "$rows"
	echo
	if [ -s "$skips" ]; then
		echo "Skipped or failed:"
		echo
		cat "$skips"
		echo
	fi
	echo "## Ratios (kcovlint / the other tool, wall time)"
	echo
	echo "| kcovlint | other | kcovlint s | other s | ratio |"
	echo "|---|---|---|---|---|"
	ratio_row "v4.patch, with index" "checkpatch.pl --root, v4.patch" "$index_wall" "$cp_wall"
	ratio_row "v4.patch, cold (no index)" "checkpatch.pl --root, v4.patch" "$cold_wall" "$cp_wall"
	ratio_row "v4.patch, pre-image only" "checkpatch.pl --root, v4.patch" "$base_wall" "$cp_wall"
	ratio_row "v4.patch, pre-image only" "sparse C=2, kernel/kcov.o (object up to date)" "$base_wall" "$sparse1_wall"
	ratio_row "v4.patch, pre-image only" "spatch, the 4 locks/*.cocci on kernel/kcov.c" "$base_wall" "$spatch1_wall"
	ratio_row "10 files of kernel/, with index" "sparse C=2, the same 10 objects (up to date)" "$k10_wall" "$sparse10_wall"
	echo
	echo "## Targets"
	echo
	echo "Wall time (shell clock, median) and, since the machine is shared, CPU time (user + system, mean), which does not depend on the load:"
	echo
	# The issue's targets are relative to checkpatch.pl as kernel developers
	# run it (from the tree, without --no-tree): with an index well under a
	# tenth of its time, cold under half of it.
	cp_ms=$(awk -v w="${cp_wall:-0}" 'BEGIN { printf "%.0f", w * 1000 }')
	if [ "$cp_ms" -gt 0 ]; then
		t_index=$((cp_ms / 10))
		t_cold=$((cp_ms / 2))
		echo "Targets relative to checkpatch.pl with the tree root, $(ms "$cp_wall") in this run: with an index under a tenth of it, cold under half of it."
	else
		t_index=81
		t_cold=405
		echo "checkpatch.pl was not measured; the targets are those of a run where it took 810 ms."
	fi
	echo
	echo "- patch lint with an index < $t_index ms: v4.patch on the whole tree with \`--index\`: wall $(ms "$index_wall"), CPU $(ms "$index_cpu") — $(verdict "$index_wall" "$t_index") (on CPU time: $(verdict "$index_cpu" "$t_index"))"
	echo "- patch lint cold on a whole tree < $t_cold ms: v4.patch with \`--index none\`: wall $(ms "$cold_wall"), CPU $(ms "$cold_cpu") — $(verdict "$cold_wall" "$t_cold") (on CPU time: $(verdict "$cold_cpu" "$t_cold"))"
	echo "- for scale: the same patch with only its pre-image (\`-C \$CORPUS/base\`, no callers to find or analyse): wall $(ms "$base_wall"), CPU $(ms "$base_cpu")"
	if [ -n "$cold_cpu" ] && [ -n "$index_cpu" ]; then
		echo "- so, in CPU time, the scan of the tree for callers is about $(awk -v c="$cold_cpu" -v i="$index_cpu" 'BEGIN { printf "%.1f s", c - i }') of the cold run (cold − with index), and the index lookup plus the analysis of the caller files it returns about $(awk -v i="$index_cpu" -v b="${base_cpu:-0}" 'BEGIN { printf "%.1f s", i - b }') (with index − pre-image only)"
	fi
	echo
	echo "The stdout and stderr of every row are in \$BENCH/logs/NN.out and NN.err (NN: the row's number in the order run)."
	echo
	# The analysis is written by hand after a run; reruns keep it.
	echo "<!-- analysis: written by hand, kept by bench/compare.sh -->"
	if [ -n "$analysis" ]; then
		printf '%s\n' "$analysis"
	else
		echo "## Analysis"
		echo
		echo "(not written yet for this run)"
	fi
	echo "<!-- /analysis -->"
} >"$out.tmp"
mv "$out.tmp" "$out"
say "wrote $out"
