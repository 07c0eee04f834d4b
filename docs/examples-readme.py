#!/usr/bin/env python3
"""examples-readme.py -- refresh the expected outcomes of the whole cases
in rules/examples/README.md.

In rules/examples/README.md, the lines "- Aanbevelingen:", "- Aandachtspunten:",
"- Contacten:", "- Onbeslist" and "- Interview:" of each case are rewritten
from its evaluation and interview; the description and the "- Let op:" line
stay as written.

    make && python3 docs/examples-readme.py   # rewrites rules/examples/README.md

What was the rest of rulebook-map.py, the map of the factsheet beside the
rules with their examples and assumptions, `signaal doc` writes now
(`make docs`, docs/rulebook-map.md). Needs only python3 and build/signaal.
"""
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIGNAAL = os.path.join(ROOT, "build", "signaal")


def rule_files():
    return sorted(glob.glob(os.path.join(ROOT, "rules", "uitbuiting", "*.rules")))


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


def evaluate(case_file, now):
    """`signaal eval --json` of a whole case with the bundled rulebook."""
    run = subprocess.run([SIGNAAL, "eval", os.path.join(ROOT, "rules", "uitbuiting.rules"),
                          "--facts", case_file, "--now", now, "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def actions(items):
    """"Label (`rule`); …" of recommendations or attention points, each rule once."""
    seen, parts = set(), []
    for item in items:
        if item["rule"] in seen:
            continue
        seen.add(item["rule"])
        parts.append("%s (`%s`)" % (item["label"] or item["rule"], item["rule"]))
    return "; ".join(parts) + "." if parts else "geen."


def contacts(items):
    """"Name, phone (`rule`, …)" per contact."""
    parts = []
    for item in items:
        fields = item.get("fields") or {}
        if item.get("key") is None:  # the key is not known yet
            name = "%s: nog niet bepaald" % item["table"]
        elif item["table"] == "rvdk_kantoren":
            name = "RvdK " + fields.get("locatie", item["key"])
        else:
            name = fields.get("naam", item["key"])
        rules = ", ".join("`%s`" % r["rule"] for r in item["rules"])
        phone = fields.get("telefoon") or fields.get("locaties")
        parts.append("%s%s (%s)" % (name, ", " + phone if phone else "", rules))
    return "; ".join(parts) + "." if parts else "geen."


def undetermined(items):
    """The undetermined rules and what they wait for."""
    if not items:
        return "- Onbeslist: niets."
    if len(items) <= 4:
        return "- Onbeslist: " + "; ".join(
            "`%s` (wacht op %s)" % (u["rule"], ", ".join(w["fact"] for w in u["waiting_for"]))
            for u in items) + "."
    facts = []
    for u in items:
        for w in u["waiting_for"]:
            if w["fact"] not in facts:
                facts.append(w["fact"])
    return ("- Onbeslist (%d regels): " % len(items) + ", ".join("`%s`" % u["rule"] for u in items)
            + ". Samen wachten zij op: " + ", ".join(facts) + ".")


def interview_line(case):
    """"- Interview: …": how many questions `signaal interview` asks on the
    case before nothing decision-relevant is open, answering each with
    'onbekend' (so every question is asked once), and how many optional ones
    are left."""
    answers = "onbekend\n" * 200
    run = subprocess.run([SIGNAAL, "interview", os.path.join(ROOT, "rules", "uitbuiting.rules"),
                          "--facts", case["case"], "--now", case["now"]],
                         input=answers, capture_output=True, text=True, check=True)
    asked = len(re.findall(r"^Vraag \d+ ", run.stdout, re.M))
    m = re.search(r"nog (\d+) optionele", run.stdout)
    optional = int(m.group(1)) if m else 0
    text = "- Interview: %d %s die het advies %s beslissen" % (
        asked, "vraag" if asked == 1 else "vragen", "kan" if asked == 1 else "kunnen")
    if optional:
        text += "; daarna %d optionele over de achtergrond (met `--optional`)" % optional
    return text + "."


def refresh_examples_readme(cases):
    """Rewrite the expected outcomes of each case in rules/examples/README.md."""
    path = os.path.join(ROOT, "rules", "examples", "README.md")
    lines = open(path, encoding="utf-8").read().split("\n")
    by_file = {os.path.basename(c["case"]): c for c in cases}
    current = None
    out = []
    for line in lines:
        m = re.match(r"## (\S+\.json)$", line)
        if m:
            current = by_file.get(m.group(1))
            report = evaluate(current["case"], current["now"]) if current else None
        if current and line.startswith("- Aanbevelingen:"):
            line = "- Aanbevelingen: " + actions(report["recommendations"])
        elif current and line.startswith("- Aandachtspunten:"):
            line = "- Aandachtspunten: " + actions(report["attention"])
        elif current and line.startswith("- Contacten:"):
            line = "- Contacten: " + contacts(report["contacts"])
        elif current and line.startswith("- Onbeslist"):
            line = undetermined(report["undetermined"])
        elif current and line.startswith("- Interview:"):
            line = interview_line(current)
        elif current and line.startswith("- Let op:") and not out[-1].startswith("- Interview:"):
            out.append(interview_line(current))
        out.append(line)
    open(path, "w", encoding="utf-8").write("\n".join(out))


def main():
    if not os.access(SIGNAAL, os.X_OK):
        sys.exit("examples-readme.py: build/signaal is missing; run make first")
    refresh_examples_readme([e for e in examples() if e["case"] is not None])


if __name__ == "__main__":
    main()
