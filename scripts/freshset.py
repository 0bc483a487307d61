#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fresh triage sets (docs/triage-fresh.md): pick directories no earlier
set or triage document named, lint them, and write the raw list that is
committed before anyone judges it.

  scripts/freshset.py pick  [--seed N] [--files MAX] [--dirs MAX]
  scripts/freshset.py pick-files [--seed N] [--files MAX] [--per-dir K] [--mentions W,W...]
  scripts/freshset.py run   --bin KCOVLINT --out DIR DIR...
  scripts/freshset.py raw   --out DIR --set N --commit C --note TEXT DIR...

pick prints the directories; pick-files prints .c files instead, for
when the directories are spent: files that lie directly in a directory no
set linted (a set lints a directory with its subdirectories, and pick
takes only directories of at most --max-dir-files files, so the loose files
of the big directories -- drivers/scsi/*.c, fs/*.c -- were never in its
frame), that no triage document names, at most K per directory. run lints each (two at a time, no index,
both configurations, --uncertain) into DIR/<dir>.json, .txt, .err; raw
writes docs/triage/freshN-raw.md and .tsv from them. The tree is
$KCOVLINT_KERNEL_TREE (scripts/kernel-tree.sh unpacks it).
"""
import argparse
import collections
import concurrent.futures
import glob
import json
import os
import random
import re
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOPS = ["drivers", "fs", "net", "sound", "crypto", "security", "block",
        "lib", "kernel", "mm", "virt", "io_uring"]


def tree():
    t = os.environ.get("KCOVLINT_KERNEL_TREE")
    if not t:
        sys.exit("freshset: set KCOVLINT_KERNEL_TREE (scripts/kernel-tree.sh prints it)")
    return t


def used_dirs():
    """Every directory an earlier set linted, and every path a triage
    document names (a file's directory counts as named)."""
    used = set()
    # docs/triage.md's own runs (kernel net/core drivers/usb) too: whole
    # top-level directories, which the path pattern below cannot see.
    for f in glob.glob(os.path.join(REPO, "docs/triage/fresh*-raw.md")) + glob.glob(os.path.join(REPO, "docs/triage*.md")):
        for line in open(f):
            if line.startswith("    for d in "):
                # (a set of files names them with .c; names are kept without)
                used.update(re.sub(r"\.c$", "", u) for u in line.split(" in ", 1)[1].split(";")[0].split())
    pat = re.compile(r"\b(?:%s)/[A-Za-z0-9_./-]+" % "|".join(TOPS + ["arch"]))
    for f in glob.glob(os.path.join(REPO, "docs/triage*.md")) + glob.glob(os.path.join(REPO, "docs/triage/*.md")):
        for m in pat.findall(open(f).read()):
            m = re.sub(r"\.[ch](:.*)?$", "", m).rstrip("/.")
            used.add(m)
    return sorted(u.rstrip("/") for u in used if u)


def count_c(root):
    if os.path.isfile(root):
        return 1 if root.endswith(".c") else 0
    return sum(1 for _, _, fs in os.walk(root) for f in fs if f.endswith(".c"))


def pick(args):
    t = tree()
    used = used_dirs()

    def overlaps(d):
        return any(u == d or u.startswith(d + "/") or d.startswith(u + "/") for u in used)

    cands = {}
    for top in TOPS:
        for root, _, _ in os.walk(os.path.join(t, top)):
            rel = os.path.relpath(root, t)
            n = count_c(root)
            if 5 <= n <= args.max_dir_files and not overlaps(rel):
                cands[rel] = n
    top = [(d, n) for d, n in sorted(cands.items()) if os.path.dirname(d) not in cands]
    random.Random(args.seed).shuffle(top)
    total, out, per = 0, [], collections.Counter()
    for d, n in top:
        p = os.path.dirname(d)
        if total + n > args.files or per[p] >= 3:
            continue
        out.append(d)
        total += n
        per[p] += 1
        if len(out) >= args.dirs:
            break
    print(f"# {len(top)} candidate directories; {len(out)} picked, {total} .c files", file=sys.stderr)
    print(" ".join(sorted(out)))


def mentions(path, words):
    """Whether the file names one of the words (a substring test)."""
    try:
        text = open(path, errors="replace").read()
    except OSError:
        return False
    return any(w in text for w in words.split(","))


def pick_files(args):
    t = tree()
    used = used_dirs()

    def linted(d):
        return any(d == u or d.startswith(u + "/") for u in used)

    cands = []
    for top in TOPS:
        for root, _, fs in os.walk(os.path.join(t, top)):
            rel = os.path.relpath(root, t)
            if linted(rel):
                continue
            for f in fs:
                if f.endswith(".c") and os.path.join(rel, f[:-2]) not in used:
                    if args.mentions and not mentions(os.path.join(root, f), args.mentions):
                        continue
                    cands.append(os.path.join(rel, f))
    cands.sort()
    random.Random(args.seed).shuffle(cands)
    out, per = [], collections.Counter()
    for f in cands:
        d = os.path.dirname(f)
        if per[d] >= args.per_dir:
            continue
        out.append(f)
        per[d] += 1
        if len(out) >= args.files:
            break
    print(f"# {len(cands)} candidate files in {len({os.path.dirname(c) for c in cands})} directories; "
          f"{len(out)} picked from {len(per)}", file=sys.stderr)
    print(" ".join(sorted(out)))


def name(d):
    return d.replace("/", "_")


def run(args):
    t = tree()
    os.makedirs(args.out, exist_ok=True)

    def one(d):
        n = os.path.join(args.out, name(d))
        with open(n + ".json", "w") as js, open(n + ".err", "w") as er:
            subprocess.run([args.bin, "-C", t, "--index", "none", "--uncertain", "-q",
                            "--format", "json", os.path.join(t, d)], stdout=js, stderr=er)
        with open(n + ".txt", "w") as tx:
            subprocess.run([args.bin, "merge", "-C", t, "--format", "text", n + ".json"],
                           stdout=tx, stderr=subprocess.DEVNULL)
        print(f"{d} done {time.strftime('%H:%M:%S')}", file=sys.stderr)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        list(ex.map(one, args.dirs))


def raw(args):
    t = tree()
    rows, body, low, files = [], [], 0, 0
    for d in args.dirs:
        files += count_c(os.path.join(t, d))
        n = os.path.join(args.out, name(d))
        fs = json.load(open(n + ".json")).get("findings") or []
        for x in fs:
            low += x.get("confidence") == "low"
            rows.append("\t".join([f"{x['file']}:{x['line']}", x["rule"], x["config"], x.get("object", ""),
                                   x.get("function", ""), x.get("confidence", ""), x["message"]]))
        body += [f"## {d}", ""]
        err = open(n + ".err").read().strip()
        if err:
            body += ["stderr: `" + err.replace("`", "'") + "`", ""]
        txt = "\n".join(l for l in open(n + ".txt").read().splitlines() if not l.startswith("kcovlint: "))
        body += ["```", txt.strip(), "```", ""] if fs else ["(no findings)", ""]
    date = time.strftime("%Y-%m-%d")
    unit = "file" if all(d.endswith(".c") for d in args.dirs) else "directory"
    units = "files" if unit == "file" else "directories"
    md = ["<!-- SPDX-License-Identifier: MIT -->",
          f"# Fresh triage set {args.set}: the raw findings, before any change", "",
          f"kcovlint at commit {args.commit} ({args.note}), run {date} on the Debian linux-source-6.12 tree, "
          f"one run per {unit}, no index, both configurations, with `--uncertain` so that the findings "
          "hidden by default are here too (marked `[rule, uncertain]`, with what they rest on):", "",
          "    for d in " + " ".join(args.dirs) + "; do",
          "        kcovlint -C $TREE --uncertain --color never -q $TREE/$d",
          "    done", "",
          f"{len(args.dirs)} {units}, {files} .c files; {len(rows)} findings (fresh{args.set}-raw.tsv has one "
          f"line per finding; its confidence column says which are hidden by default: {low} findings). "
          f"Two runs at a time, 2 cores. What each run said on stderr (parts not analysed) is under its {unit}.", ""]
    out = os.path.join(REPO, "docs/triage")
    open(os.path.join(out, f"fresh{args.set}-raw.md"), "w").write("\n".join(md + body).rstrip() + "\n")
    tsv = ["# SPDX-License-Identifier: MIT",
           f"# site\trule\tconfig\tobject\tfunction\tconfidence\tmessage (kcovlint {args.commit} --uncertain, "
           f"Debian linux-source-6.12, {date}; set {args.set}: {len(args.dirs)} {units}, one run per "
           f"{unit}, no index; confidence low = hidden by default)"]
    open(os.path.join(out, f"fresh{args.set}-raw.tsv"), "w").write("\n".join(tsv + rows) + "\n")
    print(f"{len(args.dirs)} {units}, {files} files, {len(rows)} findings, {low} hidden", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pick")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--files", type=int, default=1000, help="at most this many .c files in all")
    p.add_argument("--dirs", type=int, default=40)
    p.add_argument("--max-dir-files", type=int, default=300)
    p.set_defaults(fn=pick)
    q = sub.add_parser("pick-files")
    q.add_argument("--seed", type=int, default=0)
    q.add_argument("--files", type=int, default=150)
    q.add_argument("--per-dir", type=int, default=3)
    q.add_argument("--mentions", default="", help="only files naming one of these comma-separated words "
                   "(a frame weighted towards code the rules speak about)")
    q.set_defaults(fn=pick_files)
    r = sub.add_parser("run")
    r.add_argument("--bin", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("dirs", nargs="+")
    r.set_defaults(fn=run)
    w = sub.add_parser("raw")
    w.add_argument("--out", required=True)
    w.add_argument("--set", required=True)
    w.add_argument("--commit", required=True)
    w.add_argument("--note", required=True)
    w.add_argument("dirs", nargs="+")
    w.set_defaults(fn=raw)
    a = ap.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
