#!/usr/bin/env python3
"""serve_api.py — `signaal serve` for real: starts the server on a port the
system picks (127.0.0.1:0, --port-file), calls every endpoint and provokes
every error status, and checks each response against docs/openapi.yaml (the
schema for its path, method, status and content type) and against the CLI:

- /v1/eval gives byte for byte what `signaal eval --report json` prints, for
  every case of rules/examples/ at its moment (rules/uitbuiting/voorbeelden.rules
  gives each file's `now`), and --report html the same page;
- /v1/info and /v1/schema what `signaal info --json` and `signaal schema` print;
- /v1/batch the outcome lines of `signaal eval --batch`, a bad line its error line;
- /v1/questions the interview's first question, without the facts a case names;
  a contact's key (rvdk_locatie) asked with its contacts count;
- every response names the rulebook (X-Signaal-Edition, X-Signaal-Rulebook);
- no marker value of a case (in a fact, a key, a query) reaches the server's
  log on stderr or the decision log (--log);
- SIGHUP and POST /v1/reload swap the edition (rules/edities/2016-11.rbc and
  2026-12.rbc renamed over the served file), a broken file leaves the old one;
- SIGTERM: a request under way finishes, /healthz then says 503
  shutting_down on the open connection, the server exits 0.

    python3 tests/serve_api.py BUILD_DIR

Prints one line per check and ends with cmocka's summary lines, which
tests/run.sh counts ("[  PASSED  ] N test(s)."). Exits 1 when a check failed.
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = "XQZMARKERQZX"
passed = 0
failed = []


def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
        print("ok   " + name)
    else:
        failed.append(name)
        print("FAIL " + name + (": " + detail if detail else ""))


# ---- the OpenAPI file ---------------------------------------------------------

with open(os.path.join(ROOT, "docs", "openapi.yaml"), encoding="utf-8") as f:
    OPENAPI = yaml.safe_load(f)


def resolve(node):
    """The node with every local $ref replaced by what it names."""
    if isinstance(node, dict):
        if "$ref" in node and len(node) == 1 and node["$ref"].startswith("#/"):
            target = OPENAPI
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            return resolve(target)
        return {k: resolve(v) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v) for v in node]
    return node


def response_schema(path, method, status, content_type):
    """The schema docs/openapi.yaml gives this response, or None."""
    spec_path = path if path in OPENAPI["paths"] else "/"
    operation = OPENAPI["paths"].get(spec_path, {}).get(method.lower())
    responses = OPENAPI["components"]["responses"]
    if operation is None and status == 405:
        response = resolve(responses["MethodNotAllowed"])
    elif operation is None:
        return None
    else:
        response = resolve(operation["responses"].get(str(status)))
    if response is None and status == 404:
        response = resolve(responses["NotFound"])
    if response is None:
        return None
    media = content_type.split(";")[0].strip()
    content = response.get("content", {}).get(media)
    return None if content is None else content["schema"]


def validate(name, path, method, response):
    """The response's body fits the OpenAPI file's schema for it."""
    schema = response_schema(path, method, response.status, response.ctype)
    if schema is None:
        check(name + ": documented in docs/openapi.yaml", False,
              "%s %s %d %s" % (method, path, response.status, response.ctype))
        return
    try:
        if response.ctype.startswith("application/x-ndjson"):
            for line in response.body.decode().splitlines():
                jsonschema.validate(json.loads(line), schema)
        elif "json" in response.ctype:
            jsonschema.validate(json.loads(response.body), schema)
        else:
            jsonschema.validate(response.body.decode(), schema)
        check(name + ": fits docs/openapi.yaml", True)
    except (jsonschema.ValidationError, ValueError) as e:
        check(name + ": fits docs/openapi.yaml", False, str(e).splitlines()[0])


# ---- the server ---------------------------------------------------------------

class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.ctype = headers.get("content-type", "")


class Server:
    def __init__(self, build, rulebook, tmp, *options):
        self.port_file = os.path.join(tmp, "port")
        self.log_path = os.path.join(tmp, "stderr.log")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [os.path.join(build, "signaal"), "serve", rulebook, "--listen", "127.0.0.1:0",
             "--port-file", self.port_file] + list(options),
            stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(600):
            if os.path.exists(self.port_file) and open(self.port_file).read().strip():
                break
            if self.proc.poll() is not None:
                raise RuntimeError("the server did not start: " + open(self.log_path).read())
            time.sleep(0.05)
        self.port = int(open(self.port_file).read())

    def request(self, method, path, body=None, headers=None, conn=None):
        own = conn is None
        if own:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        if own:
            conn.close()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, data)

    def stderr(self):
        self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=60)
        finally:
            self.log.close()


JSON = {"Content-Type": "application/json"}


def cli(build, *args, stdin=None):
    return subprocess.run([os.path.join(build, "signaal")] + list(args), input=stdin,
                          capture_output=True, check=False)


def examples():
    """(case file, now) of every bundled example, as voorbeelden.rules gives them."""
    text = open(os.path.join(ROOT, "rules", "uitbuiting", "voorbeelden.rules"),
                encoding="utf-8").read()
    found = re.findall(r'now (\S+)\s+given "\.\./examples/([^"]+)"', text)
    return [(os.path.join(ROOT, "rules", "examples", f), now) for now, f in found]


def headers_name(name, r, edition, sha):
    check(name + ": names the rulebook",
          r.headers.get("x-signaal-edition") == edition and r.headers.get("x-signaal-rulebook") == sha
          and r.headers.get("cache-control") == "no-store",
          "%s %s" % (r.headers.get("x-signaal-edition"), r.headers.get("x-signaal-rulebook")))


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    tmp = tempfile.mkdtemp(prefix="signaal-serve.")
    try:
        run(build, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        print("[  PASSED  ] %d test(s)." % passed)
        print("[  FAILED  ] %d test(s), listed below:" % len(failed))
        for name in failed:
            print("[  FAILED  ] " + name)
        return 1
    print("[  PASSED  ] %d test(s)." % passed)
    return 0


def command_line(build, book, tmp):
    """The command line's errors: exit 2 for usage, 3 for I/O, 1 for a bad rulebook."""
    broken = os.path.join(tmp, "kapot.rbc")
    with open(broken, "wb") as f:
        f.write(b"geen regelboek")
    fast = ["--listen", "127.0.0.1:0"]
    for name, args, code in [
            ("no RULEBOOK", [], 2),
            ("two RULEBOOKs", [book, book], 2),
            ("the rulebook from standard input", ["-"], 2),
            ("--listen without a port", [book, "--listen", "127.0.0.1"], 2),
            ("--listen with a port past 65535", [book, "--listen", "127.0.0.1:65536"], 2),
            ("--listen without a host", [book, "--listen", ":8080"], 2),
            ("--threads 0", [book, "--threads", "0"] + fast, 2),
            ("--threads 257", [book, "--threads", "257"] + fast, 2),
            ("--timeout 0", [book, "--timeout", "0"] + fast, 2),
            ("--timeout x", [book, "--timeout", "x"] + fast, 2),
            ("--max-body 0", [book, "--max-body", "0"] + fast, 2),
            ("--log a directory", [book, "--log", tmp] + fast, 3),
            ("a rulebook that cannot be read", [os.path.join(tmp, "geen.rbc")] + fast, 3),
            ("a rulebook that is not valid", [broken] + fast, 1),
            ("--port-file that cannot be written",
             [book, "--port-file", os.path.join(tmp, "geen", "map", "poort")] + fast, 3)]:
        r = subprocess.run([os.path.join(build, "signaal"), "serve"] + args, capture_output=True,
                           timeout=120, check=False)
        check("signaal serve: %s: exit %d" % (name, code), r.returncode == code,
              "%d: %s" % (r.returncode, r.stderr.decode(errors="replace").strip()[:200]))


def rules_file(build, tmp):
    """A .rules file, compiled in memory: /v1/info is info's for it (its examples counted);
    SIGINT stops the server as SIGTERM does."""
    rules = os.path.join(ROOT, "rules", "uitbuiting.rules")
    folder = os.path.join(tmp, "rules-server")
    os.mkdir(folder)
    server = Server(build, rules, folder)
    try:
        r = server.request("GET", "/v1/info")
        check("a .rules file: GET /v1/info is signaal info --json of it",
              r.status == 200 and r.body == cli(build, "info", rules, "--json").stdout
              and json.loads(r.body)["counts"]["examples"] > 0)
        server.proc.send_signal(signal.SIGINT)
        check("SIGINT: exit 0", server.proc.wait(timeout=60) == 0)
    finally:
        server.stop()


def run(build, tmp):
    # served first: the current edition, which knows every example's facts;
    # reloaded: the factsheet's edition, then back
    old = os.path.join(ROOT, "rules", "edities", "2026-12.rbc")
    new = os.path.join(ROOT, "rules", "edities", "2016-11.rbc")
    book = os.path.join(tmp, "regelboek.rbc")
    shutil.copy(old, book)
    info = json.loads(cli(build, "info", book, "--json").stdout)
    edition, sha = info["version"], info["bytecode_sha256"]
    command_line(build, book, tmp)
    rules_file(build, tmp)
    decisions = os.path.join(tmp, "decisions.jsonl")
    server = Server(build, book, tmp, "--max-body", "65536", "--max-batch", "400000",
                    "--threads", "2", "--log", decisions)
    try:
        check("the start line names the port and edition",
              ("listening on http://127.0.0.1:%d/ (edition %s, sha256 %s)"
               % (server.port, edition, sha)) in server.stderr())
        endpoints(server, build, book, edition, sha)
        errors(server, edition, sha)
        privacy(server, decisions)
        reloading(server, book, old, new, tmp, build)
        shutdown(server)
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()


def endpoints(server, build, book, edition, sha):
    r = server.request("GET", "/healthz")
    check("GET /healthz 200 ok", r.status == 200 and json.loads(r.body)["status"] == "ok")
    headers_name("GET /healthz", r, edition, sha)
    validate("GET /healthz", "/healthz", "GET", r)

    r = server.request("GET", "/v1/info")
    check("GET /v1/info is signaal info --json",
          r.status == 200 and r.body == cli(build, "info", book, "--json").stdout)
    validate("GET /v1/info", "/v1/info", "GET", r)

    r = server.request("GET", "/v1/schema")
    check("GET /v1/schema is signaal schema",
          r.status == 200 and r.body == cli(build, "schema", book).stdout
          and r.ctype == "application/schema+json")
    validate("GET /v1/schema", "/v1/schema", "GET", r)

    cases = examples()
    check("the examples and their moments are found", len(cases) >= 20, str(len(cases)))
    same = []
    for path, now in cases:
        body = open(path, "rb").read()
        r = server.request("POST", "/v1/eval?now=" + now, body, JSON)
        want = cli(build, "eval", book, "--facts", path, "--now", now, "--report", "json").stdout
        if r.status != 200 or r.body != want:
            same.append(os.path.basename(path))
        headers_name("POST /v1/eval " + os.path.basename(path), r, edition, sha)
        validate("POST /v1/eval " + os.path.basename(path), "/v1/eval", "POST", r)
    check("POST /v1/eval is signaal eval --report json for every example", not same, " ".join(same))

    path, now = cases[1]
    r = server.request("POST", "/v1/eval?report=html&role=gi&now=" + now, open(path, "rb").read(), JSON)
    want = cli(build, "eval", book, "--facts", path, "--now", now, "--report", "html",
               "--role", "gi").stdout
    check("POST /v1/eval?report=html&role=gi is the HTML report",
          r.status == 200 and r.body == want and r.ctype.startswith("text/html"))
    validate("POST /v1/eval?report=html", "/v1/eval", "POST", r)

    # questions: the interview's first question; the facts a case names are not asked
    r = server.request("POST", "/v1/questions?now=2016-11-08T12:00", b"{}", JSON)
    q = json.loads(r.body) if r.status == 200 else {}
    validate("POST /v1/questions", "/v1/questions", "POST", r)
    empty = os.path.join(os.path.dirname(book), "leeg.json")
    with open(empty, "w") as f:
        f.write("{}")
    asked = cli(build, "interview", book, "--facts", empty, "--now", "2016-11-08T12:00",
                stdin=b"stop\n").stdout.decode()
    first = re.search(r"Vraag 1 \(([a-z_0-9]+)", asked)
    check("POST /v1/questions asks first what signaal interview asks first",
          first is not None and q.get("questions") and q["questions"][0]["fact"] == first.group(1),
          "%s vs %s" % (first and first.group(1), q.get("questions", [{}])[0].get("fact")))
    top = [x["fact"] for x in q.get("questions", [])[:2]]
    partial = json.dumps({top[0]: None, top[1]: True} if len(top) == 2 else {}).encode()
    r = server.request("POST", "/v1/questions?now=2016-11-08T12:00&optional=1", partial, JSON)
    q2 = json.loads(r.body) if r.status == 200 else {}
    names = [x["fact"] for x in q2.get("questions", [])]
    check("POST /v1/questions leaves out the facts the case names (known or null)",
          len(top) == 2 and r.status == 200 and top[0] not in names and top[1] not in names)
    check("POST /v1/questions?optional=1 lists the optional questions last",
          any(x["optional"] for x in q2.get("questions", [])) and
          [x["optional"] for x in q2["questions"]] == sorted(x["optional"] for x in q2["questions"]))
    validate("POST /v1/questions?optional=1", "/v1/questions", "POST", r)
    # contacts: a fact the number of a contact waits for (the Raad's location,
    # once the case holds suspicions) is asked, with how many contacts wait
    with open(os.path.join(ROOT, "rules", "examples", "02-zaterdagnacht-rotterdam.json")) as f:
        suspicions = json.load(f)
    had_location = suspicions.pop("rvdk_locatie", None) is not None
    r = server.request("POST", "/v1/questions?now=2016-11-12T23:55", json.dumps(suspicions).encode(), JSON)
    q3 = json.loads(r.body) if r.status == 200 else {}
    located = [x for x in q3.get("questions", []) if x["fact"] == "rvdk_locatie"]
    check("POST /v1/questions asks for rvdk_locatie with contacts 1 (a contact waits for it)",
          had_location and len(located) == 1 and located[0].get("contacts") == 1 and
          all(isinstance(x.get("contacts"), int) for x in q3["questions"]),
          json.dumps(located))
    validate("POST /v1/questions (contacts)", "/v1/questions", "POST", r)

    # batch: the outcome lines of eval --batch, a bad line its error line
    lines = [open(p).read().replace("\n", " ") for p, _ in cases[:5]]
    jsonl = ("\n".join(lines[:2] + ['{"leeftijd": "' + MARKER + '"}', "{niet json"] + lines[2:])
             + "\n").encode()
    r = server.request("POST", "/v1/batch?now=2016-11-08T12:00",
                       jsonl, {"Content-Type": "application/x-ndjson"})
    got = r.body.decode().splitlines()
    want = cli(build, "eval", book, "--batch", "-", "--now", "2016-11-08T12:00",
               stdin=jsonl).stdout.decode().splitlines()
    outcomes = [x for x in got if '"error"' not in x]
    bad = [json.loads(x) for x in got if '"error"' in x]
    check("POST /v1/batch gives eval --batch's outcome lines", r.status == 200 and outcomes == want,
          "%d vs %d lines" % (len(outcomes), len(want)))
    check("POST /v1/batch gives an error line for each bad line, in place",
          len(got) == 7 and [b["line"] for b in bad] == [3, 4]
          and bad[0]["error"]["code"] == "bad_case" and bad[1]["error"]["code"] == "bad_json"
          and bad[0]["error"]["errors"][0]["fact"] == "leeftijd" and MARKER not in r.body.decode())
    validate("POST /v1/batch", "/v1/batch", "POST", r)
    r = server.request("POST", "/v1/batch?fields=id,fired&id_field=dossier&now=2016-11-08T12:00",
                       b'{"dossier": 7}\n', {"Content-Type": "application/x-ndjson"})
    check("POST /v1/batch?fields&id_field", r.status == 200 and
          list(json.loads(r.body).keys()) == ["id", "fired"] and json.loads(r.body)["id"] == 7)

    # a batch is read as it arrives: a body past --max-body is taken whole
    # (up to --max-batch), each line at most --max-body long
    corpus = cli(build, "corpus", book, "-n", "250", "--seed", "5").stdout
    long_line = b"{" + b" " * 70000 + b"}\n"
    body = corpus + long_line + corpus[:corpus.index(b"\n") + 1]
    r = server.request("POST", "/v1/batch?now=2016-11-08T12:00&fields=id,fired,undetermined",
                       body, {"Content-Type": "application/x-ndjson"})
    want = cli(build, "eval", book, "--batch", "-", "--now", "2016-11-08T12:00", "--fields",
               "id,fired,undetermined", stdin=corpus).stdout.decode().splitlines()
    got = r.body.decode().splitlines()
    check("POST /v1/batch takes a body past --max-body (%d bytes), its lines eval --batch's"
          % len(body), r.status == 200 and len(body) > 65536 and got[:250] == want
          and got[251] == want[0], "%d, %d lines" % (r.status, len(got)))
    check("POST /v1/batch: a line past --max-body is an error line, the run goes on",
          len(got) == 252 and json.loads(got[250]).get("line") == 251
          and "error" in json.loads(got[250]))
    validate("POST /v1/batch (long)", "/v1/batch", "POST", r)

    r = server.request("GET", "/")
    check("GET / is web/index.html with its CSP",
          r.status == 200 and r.body == open(os.path.join(ROOT, "web", "index.html"), "rb").read()
          and r.headers.get("content-security-policy") == "default-src 'self'")
    headers_name("GET /", r, edition, sha)
    validate("GET /", "/", "GET", r)


def error_case(server, name, method, path, body, headers, status, code, spec_path=None):
    r = server.request(method, path, body, headers)
    e = json.loads(r.body).get("error", {}) if r.ctype.startswith("application/json") else {}
    check("%s: %d %s" % (name, status, code), r.status == status and e.get("code") == code,
          "%d %s" % (r.status, e.get("code")))
    validate(name, spec_path or path.split("?")[0], method, r)
    return r, e


def errors(server, edition, sha):
    r, e = error_case(server, "invalid JSON", "POST", "/v1/eval", b'{"leeftijd": 1', JSON, 400,
                      "bad_json")
    check("bad_json has a record with line and column",
          e.get("errors") and e["errors"][0]["line"] == 1 and e["errors"][0]["column"] > 0)
    headers_name("an error", r, edition, sha)
    case = json.dumps({"leeftijd": MARKER, MARKER: 1, "nationaliteit": "NL"}).encode()
    r, e = error_case(server, "a value of the wrong type, an unknown key", "POST", "/v1/eval", case,
                      JSON, 400, "bad_case")
    check("bad_case records name the fact, never the value or key",
          [x["fact"] for x in e.get("errors", [])] == ["leeftijd", None]
          and MARKER not in r.body.decode())
    error_case(server, "bad_case on /v1/questions", "POST", "/v1/questions", b"[1]", JSON, 400,
               "bad_case")
    for query in ("now=2016-13-01T00:00", "as_of=gisteren", "role=" + MARKER, "report=pdf",
                  MARKER + "=1"):
        r, _ = error_case(server, "bad parameter " + query.split("=")[0][:8], "POST",
                          "/v1/eval?" + query, b"{}", JSON, 400, "bad_parameter")
        check("the bad parameter's value is not echoed", MARKER not in r.body.decode())
    error_case(server, "bad parameter optional", "POST", "/v1/questions?optional=misschien", b"{}",
               JSON, 400, "bad_parameter")
    error_case(server, "bad parameter fields", "POST", "/v1/batch?fields=alles", b"{}\n",
               {"Content-Type": "application/x-ndjson"}, 400, "bad_parameter")
    error_case(server, "bad parameter id_field (a fact)", "POST", "/v1/batch?id_field=leeftijd",
               b"{}\n", {"Content-Type": "application/x-ndjson"}, 400, "bad_parameter")
    error_case(server, "no such path", "GET", "/v2/" + MARKER, None, {}, 404, "not_found")
    r, _ = error_case(server, "GET on a POST endpoint", "GET", "/v1/eval", None, {}, 405,
                      "method_not_allowed")
    check("405 says what is allowed", r.headers.get("allow") == "POST")
    r, _ = error_case(server, "POST on a GET endpoint", "POST", "/v1/info", b"{}", JSON, 405,
                      "method_not_allowed")
    check("405 on GET endpoints allows GET, HEAD", r.headers.get("allow") == "GET, HEAD")
    error_case(server, "a body past --max-body", "POST", "/v1/eval", b" " * 70000 + b"{}", JSON,
               413, "too_large")
    error_case(server, "a batch past --max-batch", "POST", "/v1/batch", b"{}\n" * 140000,
               {"Content-Type": "application/x-ndjson"}, 413, "too_large")
    error_case(server, "a form instead of JSON", "POST", "/v1/eval", b"a=b",
               {"Content-Type": "application/x-www-form-urlencoded"}, 415,
               "unsupported_media_type")
    error_case(server, "XML instead of JSONL", "POST", "/v1/batch", b"<a/>",
               {"Content-Type": "application/xml"}, 415, "unsupported_media_type")


def privacy(server, decisions):
    # a case whose every text value, key and query holds the marker
    r = server.request("POST", "/v1/eval?now=2016-11-08T12:00&report=text",
                       json.dumps({"leeftijd": 14, "aangehouden_voor": "zakkenrollerij"}).encode(),
                       JSON)
    check("POST /v1/eval?report=text", r.status == 200 and r.ctype.startswith("text/plain"))
    log = server.stderr()
    check("the server log holds no value, key or query of a case", MARKER not in log
          and "zakkenrollerij" not in log and "2016-11-08" not in log)
    values = set()
    for path, _ in examples():
        for value in json.load(open(path, encoding="utf-8")).values():
            if isinstance(value, str) and len(value) >= 3:
                values.add(value)
    leaked = sorted(v for v in values if v in log)
    check("the server log holds no text or enum value of any example case", values and not leaked,
          " ".join(leaked))
    check("the server log has one line per request",
          re.search(r"POST /v1/eval 200 \d+ B \d+ us edition ", log) is not None)
    with open(decisions, encoding="utf-8") as f:
        lines = f.read().splitlines()
    check("the decision log has a line per evaluation, no values",
          len(lines) >= 20 and all(json.loads(x) for x in lines)
          and not any("zakkenrollerij" in x or MARKER in x for x in lines))


def wait_for_edition(server, edition):
    for _ in range(200):
        r = server.request("GET", "/healthz")
        if json.loads(r.body)["edition"] == edition:
            return r
        time.sleep(0.05)
    return r


def reloading(server, book, old, new, tmp, build):
    new_info = json.loads(cli(build, "info", new, "--json").stdout)
    staged = os.path.join(tmp, "staged.rbc")
    shutil.copy(new, staged)
    os.rename(staged, book)
    server.proc.send_signal(signal.SIGHUP)
    r = wait_for_edition(server, new_info["version"])
    check("SIGHUP: the new edition answers", json.loads(r.body)["edition"] == new_info["version"]
          and r.headers.get("x-signaal-rulebook") == new_info["bytecode_sha256"])
    r = server.request("POST", "/v1/eval?now=2016-11-08T12:00", b"{}", JSON)
    check("SIGHUP: /v1/eval uses the new rulebook",
          json.loads(r.body)["rulebook"]["bytecode_sha256"] == new_info["bytecode_sha256"]
          and r.headers.get("x-signaal-edition") == new_info["version"])

    shutil.copy(old, staged)
    os.rename(staged, book)
    r = server.request("POST", "/v1/reload")
    old_version = json.loads(cli(build, "info", old, "--json").stdout)["version"]
    check("POST /v1/reload: 200 with the new edition",
          r.status == 200 and json.loads(r.body)["edition"] == old_version
          and r.headers.get("x-signaal-edition") == old_version)
    validate("POST /v1/reload", "/v1/reload", "POST", r)

    with open(staged, "wb") as f:
        f.write(b"geen regelboek")
    os.rename(staged, book)
    r, _ = error_case(server, "reloading a broken file", "POST", "/v1/reload", None, {}, 500,
                      "rulebook_invalid")
    r = server.request("GET", "/healthz")
    check("a broken file leaves the old edition in use", json.loads(r.body)["edition"] == old_version)
    server.proc.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    r = server.request("GET", "/healthz")
    check("SIGHUP with a broken file: the old edition stays",
          r.status == 200 and json.loads(r.body)["edition"] == old_version
          and "stays in use" in server.stderr())
    shutil.copy(old, book)


def shutdown(server):
    # a request under way when SIGTERM comes finishes; then, on the same
    # connection, /healthz says shutting_down; the server exits 0
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    body = b'{"leeftijd": 14}'
    conn.putrequest("POST", "/v1/eval?now=2016-11-08T12:00")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(len(body)))
    conn.endheaders()
    conn.send(body[:5])
    time.sleep(0.2)
    server.proc.send_signal(signal.SIGTERM)
    time.sleep(0.1)
    conn.send(body[5:])
    r = conn.getresponse()
    data = r.read()
    check("SIGTERM: the request under way finishes", r.status == 200 and b'"rulebook"' in data,
          str(r.status))
    try:
        r = server.request("GET", "/healthz", conn=conn)
        check("SIGTERM: /healthz says 503 shutting_down",
              r.status == 503 and json.loads(r.body)["status"] == "shutting_down", str(r.status))
        validate("GET /healthz while shutting down", "/healthz", "GET", r)
        r = server.request("GET", "/v1/info", conn=conn)
        check("SIGTERM: a new request gets 503 shutting_down",
              r.status == 503 and json.loads(r.body)["error"]["code"] == "shutting_down")
    except (OSError, http.client.HTTPException) as e:
        check("SIGTERM: the open connection still answers", False, str(e))
    conn.close()
    code = server.proc.wait(timeout=60)
    check("SIGTERM: exit 0", code == 0, str(code))
    check("SIGTERM: the log says it stopped", "signaal serve: stopped" in server.stderr())
    server.stop()


if __name__ == "__main__":
    sys.exit(main())
