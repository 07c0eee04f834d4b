#!/usr/bin/env python3
"""coverage.py -- line and branch coverage per area, from a build made with
gcc --coverage whose tests have run (`make coverage` does both), read by
gcovr; exits 1 when an area's branch coverage is below its floor.

    python3 tests/coverage.py BUILD_DIR

Writes BUILD_DIR/coverage/: gcovr.json (gcovr's data), coverage.csv (one
line per source file) and index.html (every file, line by line). Prints one
line per area: lines and branches covered, the floor that fails the run and
the goal of issue 10; then, for an area below its goal, the files that miss
the most branches. docs/reliability.md says what each area holds and why.

gcov's text output, which gcovr 5 reads, drops the branches of a function
body compiled twice from one place (runtime/vm_loop.h, the plain and the
tracking interpreter): gcov groups the two functions and prints their lines
without branches. Those branches are read from gcov's JSON output instead
(one set per instance) and put back, so they count like any other.
"""
import glob
import json
import os
import re
import subprocess
import sys

# Area, the sources it holds (a regex on the path from the repository root),
# the branch coverage below which the run fails (the figure measured when
# the floor was set, rounded down, so a regression fails) and the goal.
AREAS = [
    ("loader+verifier", r"^runtime/(load|decode|verify)\.c$", 95, 95),
    ("runtime", r"^runtime/(?!(emit_c|native)\.c$)", 95, 90),
    # sg_emit_c and the readers the emitted code calls: tested through the
    # code it writes (tests/test_emit_c.c), whose error paths are few to reach
    ("ahead-of-time C", r"^runtime/(emit_c|native)\.c$", 75, 85),
    ("compiler", r"^compiler/", 88, 85),
    ("CLI and libsignaal-json", r"^(cli|json)/", 84, 80),
]
# Our sources only: the generated scanner and parser skeletons (in the build
# directory) and the tests are left out; the grammar's and scanner's actions
# count, under compiler/parser.y and compiler/lexer.l (bison and flex write
# #line directives that point there).
SOURCES = ["runtime/", "compiler/", "cli/", "json/"]
WORST_FILES = 5


def run(command):
    """Run `command` (a list), failing the script when it fails; return its
    standard output."""
    done = subprocess.run(command, stdout=subprocess.PIPE, check=False, text=True)
    if done.returncode != 0:
        sys.exit("coverage.py: %s failed (exit %d)" % (command[0], done.returncode))
    return done.stdout


def gcovr_json(build, path):
    """Run gcovr over the .gcda files in `build`, keeping our sources, into
    the gcovr JSON file `path`; return it parsed."""
    command = ["gcovr", "-r", ".", "--object-directory", build, "--json", path]
    for source in SOURCES:
        command += ["--filter", source]
    run(command)
    with open(path) as f:
        return json.load(f)


def json_branches(build):
    """The branches gcov's JSON output gives for each line: a dict
    (file, line) -> list of branch counts, the instances' branches one after
    the other in function-name order when the line belongs to several
    functions, summed index by index over every object compiled from it."""
    found = {}
    for gcda in sorted(glob.glob(os.path.join(build, "**", "*.gcda"), recursive=True)):
        out = run(["gcov", "--branch-probabilities", "--json-format", "--stdout",
                   "-o", os.path.dirname(gcda), gcda])
        for document in out.splitlines():
            for source in json.loads(document)["files"]:
                per_line = {}
                for line in source["lines"]:
                    per_line.setdefault(line["line_number"], []).append(line)
                for number, entries in per_line.items():
                    entries.sort(key=lambda e: e.get("function_name", ""))
                    counts = [b["count"] for e in entries for b in e["branches"]]
                    if counts:
                        add_counts(found, (source["file"], number), counts)
    return found


def add_counts(found, key, counts):
    """Add the branch `counts` of one object to found[key], index by index."""
    old = found.get(key, [])
    if len(old) < len(counts):
        old = old + [0] * (len(counts) - len(old))
    found[key] = [a + (counts[i] if i < len(counts) else 0) for i, a in enumerate(old)]


def put_back(data, branches):
    """Give each line of gcovr's `data` that has no branches those gcov's
    JSON output has for it (the lines gcov's text output dropped); return
    how many branches were put back."""
    added = 0
    for source in data["files"]:
        for line in source["lines"]:
            counts = branches.get((source["file"], line["line_number"]))
            if not counts or line["branches"]:
                continue
            line["branches"] = [{"count": c, "fallthrough": False, "throw": False} for c in counts]
            added += len(counts)
    return added


def per_file(out_dir, data):
    """Write the report files from `data` (gcovr JSON) with gcovr; return the
    per-file rows of its CSV as dicts."""
    fixed = os.path.join(out_dir, "gcovr.json")
    with open(fixed, "w") as f:
        json.dump(data, f)
    csv_path = os.path.join(out_dir, "coverage.csv")
    run(["gcovr", "-r", ".", "-a", fixed, "--csv", csv_path,
         "--html-details", os.path.join(out_dir, "index.html")])
    with open(csv_path) as f:
        header = f.readline().strip().split(",")
        return [dict(zip(header, row.strip().split(","))) for row in f if row.strip()]


def percent(part, whole):
    """part of whole in per cent (100 when there is nothing to cover)."""
    return 100.0 * part / whole if whole else 100.0


def report(rows):
    """Print the table of areas and, for an area below its goal, the files
    missing the most branches; return the areas below their floor."""
    failed = []
    print("%-16s %21s %21s  %5s  %4s" % ("area", "lines", "branches", "floor", "goal"))
    for name, pattern, floor, goal in AREAS:
        mine = [r for r in rows if re.search(pattern, r["filename"])]
        lt = sum(int(r["line_total"]) for r in mine)
        lc = sum(int(r["line_covered"]) for r in mine)
        bt = sum(int(r["branch_total"]) for r in mine)
        bc = sum(int(r["branch_covered"]) for r in mine)
        branches = percent(bc, bt)
        print("%-16s %5d/%5d = %5.1f%%  %5d/%5d = %5.1f%%  %4d%%  %3d%%%s" % (
            name, lc, lt, percent(lc, lt), bc, bt, branches, floor, goal,
            "  BELOW FLOOR" if branches < floor else ""))
        if branches < floor:
            failed.append(name)
        if branches < goal:
            short = 0 if bt == 0 else -(-goal * bt // 100) - bc
            worst = sorted(mine, key=lambda r: int(r["branch_covered"]) - int(r["branch_total"]))
            print("    %d branches short of the goal; most missed:" % short + "".join(
                " %s %d," % (r["filename"], int(r["branch_total"]) - int(r["branch_covered"]))
                for r in worst[:WORST_FILES])[:-1])
    return failed


def main():
    """Read the coverage of the build named on the command line and report
    it; exit 1 when an area is below its floor."""
    if len(sys.argv) != 2:
        sys.exit("usage: python3 tests/coverage.py BUILD_DIR")
    build = sys.argv[1]
    out_dir = os.path.join(build, "coverage")
    os.makedirs(out_dir, exist_ok=True)
    data = gcovr_json(build, os.path.join(out_dir, "gcovr-text.json"))
    added = put_back(data, json_branches(build))
    rows = per_file(out_dir, data)
    print("coverage: %s/index.html (%d branches that gcov's text output drops read from its JSON)"
          % (out_dir, added))
    failed = report(rows)
    if failed:
        print("coverage: below the floor: %s" % ", ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
