#!/usr/bin/env python3
"""rulebook-map.py -- refresh the "voorbeelden" column of docs/rulebook-map.md.

For every row of the table "De factsheet, alinea voor alinea", the column
names the examples that test the row's signals, conditions and rules (the
first three in file order, then "(+N)"), the whole cases (rules/examples/)
in which one of them is true or fires, and those in which one stays
undetermined. This script recomputes that column from the rule files and by
evaluating every whole case with the built `signaal`, so that it cannot go
stale; the other columns are written by hand.

    make && python3 docs/rulebook-map.py        # rewrites docs/rulebook-map.md

A stopgap until `signaal` writes the map itself (the literate rulebook of
the officers' tools). Needs only python3 and build/signaal.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIGNAAL = os.path.join(ROOT, "build", "signaal")
MAP = os.path.join(ROOT, "docs", "rulebook-map.md")


def rule_files():
    return sorted(glob.glob(os.path.join(ROOT, "rules", "uitbuiting", "*.rules")))


def declarations():
    """Every signal and condition name, in file order."""
    names = []
    for path in rule_files():
        for line in open(path, encoding="utf-8"):
            m = re.match(r"(signal|condition)\s+(\w+)", line)
            if m:
                names.append(m.group(2))
    return names


def examples():
    """(title, names it expects, case file or None, now or None) per example."""
    found = []
    for path in rule_files():
        current = None
        for line in open(path, encoding="utf-8"):
            m = re.match(r'example\s+"(.*)"', line)
            if m:
                current = {"title": m.group(1), "names": [], "case": None, "now": None}
                found.append(current)
                continue
            if current is None:
                continue
            m = re.match(r"\s+expect\s+(?:not\s+|undetermined\s+)?(\w+)", line)
            if m:
                current["names"].append(m.group(1))
            m = re.match(r'\s+given\s+"(.*)"', line)
            if m:
                current["case"] = os.path.normpath(os.path.join(os.path.dirname(path), m.group(1)))
            m = re.match(r"\s+now\s+(\S+)", line)
            if m:
                current["now"] = m.group(1)
    return found


def case_outcomes(cases, probes):
    """{case number: {name: "true"|"undetermined"}} for rules and predicates."""
    work = tempfile.mkdtemp(prefix="signaal-map-")
    try:
        shutil.copytree(os.path.join(ROOT, "rules"), os.path.join(work, "rules"))
        main = os.path.join(work, "rules", "uitbuiting.rules")
        with open(main, "a", encoding="utf-8") as out:
            out.write("\n# probes of rulebook-map.py: one rule per signal and condition\n")
            for name in probes:
                out.write('rule probe__%s when %s recommend "p" source "p"\n' % (name, name))
        result = {}
        for case in cases:
            number = os.path.basename(case["case"])[:2]
            facts = os.path.join(work, "rules", "examples", os.path.basename(case["case"]))
            run = subprocess.run([SIGNAAL, "eval", main, "--facts", facts, "--now", case["now"],
                                  "--json"], capture_output=True, text=True, check=True)
            report = json.loads(run.stdout)
            states = {}
            for key in ("recommendations", "attention"):
                for item in report[key]:
                    states[item["rule"]] = "true"
            for contact in report["contacts"]:
                for rule in contact["rules"]:
                    states[rule["rule"]] = "true"
            for item in report["undetermined"]:
                states[item["rule"]] = "undetermined"
            for rule, state in list(states.items()):
                if rule.startswith("probe__"):
                    states[rule[len("probe__"):]] = state
            result[number] = states
        return result
    finally:
        shutil.rmtree(work)


def column(names, all_examples, outcomes):
    """The "voorbeelden" cell of a row naming `names`."""
    parts = []
    titled = [e["title"] for e in all_examples if e["case"] is None and set(e["names"]) & names]
    if titled:
        text = "; ".join("“%s”" % t for t in titled[:3])
        if len(titled) > 3:
            text += " (+%d)" % (len(titled) - 3)
        parts.append(text)
    true = [n for n in sorted(outcomes) if any(outcomes[n].get(x) == "true" for x in names)]
    open_ = [n for n in sorted(outcomes)
             if any(outcomes[n].get(x) == "undetermined" for x in names)]
    if true:
        parts.append("waar/gaat af in casus " + ", ".join(true))
    if open_:
        parts.append("onbeslist in " + ", ".join(open_))
    return "<br>".join(parts)


def main():
    if not os.access(SIGNAAL, os.X_OK):
        sys.exit("rulebook-map.py: build/signaal is missing; run make first")
    all_examples = examples()
    cases = [e for e in all_examples if e["case"] is not None]
    outcomes = case_outcomes(cases, declarations())
    lines = open(MAP, encoding="utf-8").read().split("\n")
    in_table = False
    for i, line in enumerate(lines):
        if line.startswith("| factsheet | tekst (begin) | regelboek | voorbeelden |"):
            in_table = True
            continue
        if in_table and not line.startswith("|"):
            in_table = False
        if not in_table or line.startswith("|---"):
            continue
        cells = line.split(" | ")
        if len(cells) != 4:
            continue
        names = set(re.findall(r"(?:signal|condition|rule) `(\w+)`", cells[2]))
        if not names:
            continue
        cells[3] = column(names, all_examples, outcomes) + " |"
        lines[i] = " | ".join(cells)
    open(MAP, "w", encoding="utf-8").write("\n".join(lines))


if __name__ == "__main__":
    main()
