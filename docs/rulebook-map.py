#!/usr/bin/env python3
"""rulebook-map.py -- refresh what the docs say about the examples: the
"voorbeelden" column of docs/rulebook-map.md and the expected outcomes in
rules/examples/README.md.

For every row of the table "De factsheet, alinea voor alinea", the column
names the examples that test the row's signals, conditions and rules (the
first three in file order, then "(+N)"), the whole cases (rules/examples/)
in which one of them is true or fires, and those in which one stays
undetermined. This script recomputes that column from the rule files and by
evaluating every whole case with the built `signaal`, so that it cannot go
stale; the other columns are written by hand.

    make && python3 docs/rulebook-map.py   # rewrites both files

In rules/examples/README.md, the lines "- Aanbevelingen:", "- Aandachtspunten:",
"- Contacten:", "- Onbeslist" and "- Interview:" of each case are rewritten
from its evaluation and interview; the description and the "- Let op:" line
stay as written.

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


def refresh_assumptions():
    """The list between the "aannames" markers of docs/rulebook-map.md, from
    the assumption lines of `signaal test`."""
    run = subprocess.run([SIGNAAL, "test", os.path.join(ROOT, "rules", "uitbuiting.rules")],
                         capture_output=True, text=True, cwd=ROOT)
    rows = ["| waar | van | aanname |", "|---|---|---|"]
    for line in run.stdout.split("\n"):
        m = re.match(r"assumption: (\S+?):(\d+): (\w+) (\w+): (.*)", line)
        if m:
            where = "`%s:%s`" % (os.path.relpath(m.group(1), "rules"), m.group(2))
            rows.append("| %s | %s `%s` | %s |" % (where, m.group(3), m.group(4), m.group(5)))
    text = open(MAP, encoding="utf-8").read()
    begin, end = "<!-- aannames: begin -->\n", "<!-- aannames: end -->"
    a, b = text.index(begin) + len(begin), text.index(end)
    open(MAP, "w", encoding="utf-8").write(text[:a] + "\n".join(rows) + "\n" + text[b:])


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
    refresh_examples_readme(cases)
    refresh_assumptions()


if __name__ == "__main__":
    main()
