/* wasm_compare.js — the WebAssembly runtime (make web) against the native
 * one, under node (18 or newer, no flags); run by tests/wasm.sh:
 *
 *   node tests/wasm_compare.js BUILD_DIR SCRATCH_DIR [CORPUS_COUNT]
 *
 * For every bundled example (rules/examples/*.json, at the `now` its
 * example in rules/uitbuiting/voorbeelden.rules gives) and for
 * CORPUS_COUNT (default 500) cases of `signaal corpus --seed 7`, each at
 * its own `now`: web/engine-wasm.js's evaluate() must give exactly what
 * `signaal eval --json` gives (every section, key order included, the
 * explanations too; case_sha256 aside: no case file in a browser), and the
 * state of every rule, the actions and the contacts that `eval --batch`
 * gives for the same cases; every example with two decision dates set
 * apart (--as-of); the same for 15 cases of each semantics
 * rulebook (tests/semantics/), tests/golden/assumptions.rules,
 * tests/oom/oom.rules and bench/workload.rules. Then: the comparison catches a changed
 * outcome (it can fail), a damaged image is refused with the loader's
 * reason, a bad case's errors name the fact but hold no value and no
 * key that names no fact, and the Dutch clock evaluate() reads without a
 * `now` is the time zone database's Europe/Amsterdam. With SG_WASM_BROWSER (a Chromium), the second
 * example also in that browser, from a page opened as a file. Prints
 * "ok NAME" or "** NAME: …" per test and
 * ends with "N passed, N failed". (bench/wasm.sh measures the speed.)
 */
'use strict';

const fs = require('fs');
const path = require('path');
const {execFileSync} = require('child_process');

const [build, scratch, count] = process.argv.slice(2);
if (!build || !scratch) {
  console.error('usage: node tests/wasm_compare.js BUILD_DIR SCRATCH_DIR [CORPUS_COUNT]');
  process.exit(2);
}
const web = path.join(build, 'web');
const signaal = path.join(build, 'signaal');
const rbc = path.join(web, 'uitbuiting.rbc');
const SignaalWasm = require(path.resolve(web, 'engine-wasm.js'));
const {load, SignaalCaseError} = SignaalWasm;

let passed = 0, failed = 0;
function ok(name) { passed++; console.log(`ok ${name}`); }
function fail(name, why) { failed++; console.log(`** ${name}: ${why}`); }

function native(args, input) {
  return execFileSync(signaal, args, {input, encoding: 'utf8', maxBuffer: 1 << 28,
                                      stdio: ['pipe', 'pipe', 'pipe']});
}

/* `signaal eval IMAGE --facts FILE --now NOW [--as-of DATE] --json`, its
 * case hash set aside (a browser has no case file to hash). */
function nativeOutcome(image, file, now, asOf) {
  const args = ['eval', image, '--facts', file, '--now', now];
  if (asOf) args.push('--as-of', asOf);
  const outcome = JSON.parse(native([...args, '--json']));
  outcome.case_sha256 = null;
  return outcome;
}

/* A line of `signaal corpus`: its facts and, apart, its "now". */
function corpusCase(line) {
  const facts = JSON.parse(line);
  const now = facts.now;
  delete facts.now;
  return {facts, now};
}

/* Each bundled example's case file and its moment, as voorbeelden.rules
 * pairs them (`now` and `given "../examples/FILE.json"` of one example). */
function examples() {
  const text = fs.readFileSync('rules/uitbuiting/voorbeelden.rules', 'utf8');
  const found = new Map();
  let now = null;
  for (const line of text.split('\n')) {
    if (/^example\s/.test(line)) now = null;
    const m = /^\s+now\s+(\S+)/.exec(line);
    if (m) now = m[1];
    const g = /^\s+given\s+"\.\.\/examples\/([^"]+\.json)"/.exec(line);
    if (g && now !== null) found.set(g[1], now);
  }
  return found;
}

/* The first difference between two JSON values, as a path and both sides;
 * null when they are the same, key order included. */
function difference(a, b, at) {
  const where = at || '$';
  if (typeof a !== typeof b || (a === null) !== (b === null) || Array.isArray(a) !== Array.isArray(b))
    return `${where}: wasm ${JSON.stringify(a)} native ${JSON.stringify(b)}`;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${where}: wasm has ${a.length} items, native ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${where}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a !== null && typeof a === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b);
    if (ka.join(',') !== kb.join(','))
      return `${where}: wasm keys ${ka.join(',')} native keys ${kb.join(',')}`;
    for (const k of ka) {
      const d = difference(a[k], b[k], `${where}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${where}: wasm ${JSON.stringify(a)} native ${JSON.stringify(b)}`;
}

/* The wasm outcome without what eval --json has not (fired, not_fired). */
function asEvalJson(outcome) {
  const copy = Object.assign({}, outcome);
  delete copy.fired;
  delete copy.not_fired;
  return copy;
}

/* An eval --batch line as the wasm outcome gives it: the rules by state,
 * the actions by (rule, text) and urgency, the contacts by (rule, table,
 * key, fields), each list sorted where the two group them differently. */
function batchView(line) {
  const sorted = (items) => items.map((i) => JSON.stringify(i)).sort();
  const acts = (list, urgent) => list.filter((a) => !!a.urgent === urgent)
                                     .map((a) => ({rule: a.rule, text: a.text}));
  return {
    fired: line.fired, not_fired: line.not_fired,
    undetermined: line.undetermined,
    urgent: sorted([...acts(line.recommendations, true), ...acts(line.attention, true)]),
    recommendations: sorted(acts(line.recommendations, false)),
    attention: sorted(acts(line.attention, false)),
    contacts: sorted(line.contacts.map((c) => ({rule: c.rule, table: c.table, key: c.key,
                                                fields: c.fields}))),
  };
}
function batchViewOfWasm(o) {
  const sorted = (items) => items.map((i) => JSON.stringify(i)).sort();
  const acts = (list) => sorted((list || []).map((a) => ({rule: a.rule, text: a.text})));
  const contacts = [];
  for (const c of o.contacts)
    for (const r of c.rules) contacts.push({rule: r.rule, table: c.table, key: c.key, fields: c.fields});
  return {
    fired: o.fired, not_fired: o.not_fired,
    undetermined: o.undetermined.map((u) => ({rule: u.rule,
                                              waiting_for: u.waiting_for.map((w) => w.fact)})),
    urgent: acts(o.urgent), recommendations: acts(o.recommendations), attention: acts(o.attention),
    contacts: sorted(contacts),
  };
}

async function main() {
  const engine = await load({wasm: fs.readFileSync(path.join(web, 'signaal.wasm')),
                             rulebook: fs.readFileSync(rbc)});

  const corpusCount = Number(count || 500);

  /* every bundled example, whole */
  const moments = examples();
  const files = fs.readdirSync('rules/examples').filter((f) => f.endsWith('.json')).sort();
  const batchInput = [];
  const cases = [];
  for (const file of files) {
    const now = moments.get(file);
    if (now === undefined) {
      fail(`example ${file}`, 'no example in rules/uitbuiting/voorbeelden.rules gives it with a now');
      continue;
    }
    const facts = JSON.parse(fs.readFileSync(path.join('rules/examples', file), 'utf8'));
    cases.push({name: `example ${file}`, facts, now, file: path.join('rules/examples', file)});
  }
  /* made-up cases, each at its own moment */
  const corpus = native(['corpus', rbc, '-n', String(corpusCount), '--seed', '7']).trim().split('\n');
  if (corpus.length !== corpusCount) fail('corpus', `${corpus.length} cases, not ${corpusCount}`);
  corpus.forEach((line, i) => {
    const {facts, now} = corpusCase(line);
    const file = path.join(scratch, `case-${i + 1}.json`);
    fs.writeFileSync(file, JSON.stringify(facts));
    cases.push({name: `corpus case ${i + 1}`, facts, now, file, corpus: true});
  });

  /* eval --json of each, against evaluate() */
  const outcomes = [];
  let corpusSame = 0;
  const corpusDiffs = [];
  for (const c of cases) {
    const outcome = engine.evaluate(c.facts, c.now);
    outcomes.push(outcome);
    batchInput.push(JSON.stringify(Object.assign({now: c.now}, c.facts)));
    const d = difference(asEvalJson(outcome), nativeOutcome(rbc, c.file, c.now));
    if (!c.corpus) {
      if (d) fail(`${c.name}: eval --json`, d);
      else ok(`${c.name}: evaluate() is eval --json`);
    } else if (d) {
      corpusDiffs.push(`${c.name} (now ${c.now}): ${d}`);
    } else {
      corpusSame++;
    }
  }
  if (corpusDiffs.length > 0)
    fail(`${corpus.length} corpus cases: eval --json`, `${corpusDiffs.length} differ; the first: ${corpusDiffs[0]}`);
  else ok(`${corpusSame} corpus cases (signaal corpus --seed 7): evaluate() is eval --json`);

  /* the decision date set apart (--as-of): every example at its moment,
   * with the agreements of 2016-11-01 and of 2026-12-01 */
  for (const asOf of ['2016-11-01', '2026-12-01']) {
    const diffs = [];
    for (const c of cases.filter((k) => !k.corpus)) {
      const d = difference(asEvalJson(engine.evaluate(c.facts, c.now, asOf)),
                           nativeOutcome(rbc, c.file, c.now, asOf));
      if (d) diffs.push(`${c.name}: ${d}`);
    }
    if (diffs.length > 0) fail(`the examples as of ${asOf}`, `${diffs.length} differ; the first: ${diffs[0]}`);
    else ok(`every example with the decision date ${asOf}: evaluate() is eval --as-of --json`);
  }

  /* eval --batch: the state of every rule, the actions, the contacts */
  const lines = native(['eval', rbc, '--batch', '-'], batchInput.join('\n') + '\n').trim().split('\n');
  let batchDiffs = [];
  if (lines.length !== cases.length) batchDiffs.push(`${lines.length} batch lines for ${cases.length} cases`);
  for (let i = 0; i < Math.min(lines.length, cases.length); i++) {
    const d = difference(batchViewOfWasm(outcomes[i]), batchView(JSON.parse(lines[i])));
    if (d) batchDiffs.push(`${cases[i].name}: ${d}`);
  }
  if (batchDiffs.length > 0) fail('eval --batch', `${batchDiffs.length} differ; the first: ${batchDiffs[0]}`);
  else ok(`${cases.length} cases: every rule's state, the actions and contacts are eval --batch's`);

  /* the comparison can fail: a rule moved from fired to not fired, an
   * action's text changed, a contact's key changed, a waiting fact dropped */
  const some = outcomes.findIndex((o) => o.fired.length > 0 && o.contacts.some((c) => c.key !== null) &&
                                         o.undetermined.some((u) => u.waiting_for.length > 0));
  if (some < 0) {
    fail('the comparison can fail', 'no case with a fired rule, a contact and a waiting rule');
  } else {
    const line = JSON.parse(lines[some]);
    const expected = nativeOutcome(rbc, cases[some].file, cases[some].now);
    /* each change, and whether eval --json has that part (else only the
     * batch comparison can see it) */
    const mutations = {
      'a fired rule not fired': [false, (o) => { o.not_fired.push(o.fired.pop()); }],
      'an action text': [true, (o) => { (o.recommendations[0] || o.attention[0]).text += '.'; }],
      'a contact key': [true, (o) => { o.contacts.find((c) => c.key !== null).key = 'x'; }],
      'a waiting fact': [true, (o) => {
        o.undetermined.find((u) => u.waiting_for.length > 0).waiting_for.pop();
      }],
    };
    const missed = [];
    for (const [what, [inEvalJson, change]] of Object.entries(mutations)) {
      const o = JSON.parse(JSON.stringify(outcomes[some]));
      change(o);
      if (!difference(batchViewOfWasm(o), batchView(line))) missed.push(`${what} (batch)`);
      if (inEvalJson && !difference(asEvalJson(o), expected)) missed.push(`${what} (eval --json)`);
    }
    if (missed.length > 0) fail('the comparison can fail', `not caught: ${missed.join(', ')}`);
    else ok(`the comparison catches ${Object.keys(mutations).join(', ')}`);
  }

  /* other rulebooks: every semantics rulebook (each part of the language,
   * windows, holidays, periods of validity), one with assumptions, one with
   * a fact of every type, the benchmark's: 15 made-up cases each, every
   * outcome eval --json's (sections left out, a rulebook without urgent
   * rules, assumptions or a reading list) */
  const others = [...fs.readdirSync('tests/semantics').filter((f) => f.endsWith('.rules')).sort()
                        .map((f) => path.join('tests/semantics', f)),
                  'tests/golden/assumptions.rules', 'tests/oom/oom.rules', 'bench/workload.rules'];
  for (const rules of others) {
    const image = path.join(scratch, path.basename(rules, '.rules') + '.rbc');
    native(['compile', rules, '-o', image]);
    const other = await load({wasm: fs.readFileSync(path.join(web, 'signaal.wasm')),
                              rulebook: fs.readFileSync(image)});
    const lines = native(['corpus', image, '-n', '15', '--seed', '7']).trim().split('\n');
    const diffs = [];
    lines.forEach((line, i) => {
      const {facts, now} = corpusCase(line);
      const file = path.join(scratch, 'other.json');
      fs.writeFileSync(file, JSON.stringify(facts));
      const d = difference(asEvalJson(other.evaluate(facts, now)), nativeOutcome(image, file, now));
      if (d) diffs.push(`case ${i + 1} (now ${now}): ${d}`);
    });
    other.close();
    if (lines.length !== 15) fail(rules, `${lines.length} cases, not 15`);
    else if (diffs.length > 0) fail(rules, `${diffs.length} of 15 cases differ; the first: ${diffs[0]}`);
    else ok(`${rules}: 15 corpus cases, evaluate() is eval --json`);
  }

  /* a damaged image is refused, with the loader's reason */
  const image = fs.readFileSync(rbc);
  image[image.length - 1] ^= 0xff;
  try {
    await load({wasm: fs.readFileSync(path.join(web, 'signaal.wasm')), rulebook: image});
    fail('a damaged image', 'loaded');
  } catch (e) {
    if (/^rulebook: CRC mismatch/.test(e.message)) ok('a damaged image is refused (CRC mismatch)');
    else fail('a damaged image', `refused, but with: ${e.message}`);
  }

  /* a bad case: every problem named by its fact, never with a value or a
   * key that names no fact */
  const marker = 'MARKER-7f3a';
  const bad = {leeftijd: marker, [marker]: true, nationaliteit: `${marker}`,
               aangehouden_voor: marker, moment_aanhouding: marker, reist_rond: 1.5};
  try {
    engine.evaluate(bad, '2016-11-08T12:00');
    fail('a bad case', 'evaluated');
  } catch (e) {
    const expected = [
      "fact 'leeftijd' expects an int (got a string)",
      'unknown fact (key 2)',
      "fact 'nationaliteit' expects a country code in upper case, as ISO 3166-1 alpha-2 assigns it, such as \"NL\"",
      "fact 'aangehouden_voor' expects one of: zakkenrollerij, ander_vermogensdelict, ander_strafbaar_feit, niet_aangehouden",
      "fact 'moment_aanhouding' expects a datetime \"YYYY-MM-DDTHH:MM[:SS]\" (got a string that is not such a datetime)",
      "fact 'reist_rond' expects a bool (got a number with a fraction)",
    ];
    const got = e instanceof SignaalCaseError ? e.problems.map((p) => p.message) : [String(e)];
    if (e.message.includes(marker) || got.some((m) => m.includes(marker)))
      fail('a bad case', 'a message holds the value or the unknown key');
    else if (got.join('\n') !== expected.join('\n'))
      fail('a bad case', `the problems are:\n${got.join('\n')}`);
    else ok('a bad case: each problem as the case reader words it, no value, no unknown key');
  }
  /* and the engine goes on after it */
  const again = engine.evaluate(cases[0].facts, cases[0].now);
  const d = difference(again, outcomes[0]);
  if (d) fail('after a bad case', d);
  else ok('after a bad case the next evaluation is as before');

  dutchClock();

  if (process.env.SG_WASM_BROWSER) browser(process.env.SG_WASM_BROWSER, cases[1], outcomes[1]);

  engine.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

/* The clock evaluate() reads without `now`: Dutch time by the EU rule
 * (json/clock.c), which must be the time zone database's Europe/Amsterdam,
 * around every switch of 2016-2030 and at random moments between. */
function dutchClock() {
  const amsterdam = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam', hourCycle: 'h23', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'});
  const zoned = (date) => {
    const p = Object.fromEntries(amsterdam.formatToParts(date).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
  };
  const instants = [];
  for (let year = 2016; year <= 2030; year++) {
    for (const month of [2, 9]) {   /* the last Sundays of March and October, 01:00 UTC */
      const last = new Date(Date.UTC(year, month + 1, 0));
      const sunday = Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
      for (const delta of [-3601, -1, 0, 1, 3599, 3600]) instants.push(new Date(sunday + delta * 1000));
    }
  }
  let seed = 7;
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    instants.push(new Date(Date.UTC(2016, 0, 1) + (seed / 2147483648) * 15 * 365 * 86400000));
  }
  const clockDiffs = instants.filter((m) => SignaalWasm.dutchLocal(m) !== zoned(m));
  if (clockDiffs.length > 0)
    fail('the Dutch clock', `${clockDiffs.length} of ${instants.length} moments differ; the first: ` +
         `${clockDiffs[0].toISOString()} is ${SignaalWasm.dutchLocal(clockDiffs[0])}, ` +
         `Europe/Amsterdam ${zoned(clockDiffs[0])}`);
  else ok(`the Dutch clock: ${instants.length} moments as Europe/Amsterdam gives them`);

}

/* The same in a browser, as a page opened as a file (no server): the
 * directory make web made, a page that loads signaal-data.js and
 * engine-wasm.js and writes evaluate()'s outcome of case `c` as JSON into
 * itself, read back with headless Chromium's --dump-dom. It must be what
 * node gave (`expected`). */
function browser(chromium, c, expected) {
  const name = `${c.name} in ${path.basename(chromium)}, from a file:// page`;
  const page = path.join(scratch, 'page');
  fs.mkdirSync(page);
  for (const f of ['signaal-data.js', 'engine-wasm.js'])
    fs.copyFileSync(path.join(web, f), path.join(page, f));
  const call = `${JSON.stringify(c.facts)}, ${JSON.stringify(c.now)}`;
  fs.writeFileSync(path.join(page, 'index.html'), `<!doctype html>
<html><head><meta charset="utf-8"><title>signaal.wasm</title></head><body><pre id="out">loading</pre>
<script src="signaal-data.js"></script>
<script src="engine-wasm.js"></script>
<script>
SignaalWasm.load().then((engine) => {
  document.getElementById('out').textContent = JSON.stringify(engine.evaluate(${call}));
}).catch((e) => { document.getElementById('out').textContent = 'error: ' + e.message; });
</script></body></html>
`);
  let dom;
  try {
    dom = execFileSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
                                  `--user-data-dir=${path.join(scratch, 'profile')}`,
                                  '--virtual-time-budget=10000', '--dump-dom',
                                  'file://' + path.join(page, 'index.html')],
                       {encoding: 'utf8', timeout: 120000, maxBuffer: 1 << 26,
                        stdio: ['ignore', 'pipe', 'ignore']});
  } catch (e) {
    fail(name, `${path.basename(chromium)} failed: ${e.message.split('\n')[0]}`);
    return;
  }
  const m = /<pre id="out">([^<]*)<\/pre>/.exec(dom);
  const text = m ? m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
                       .replace(/&#39;/g, "'").replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&') : null;
  if (text === null || !text.startsWith('{')) {
    fail(name, `the page says: ${text === null ? '(nothing)' : text.slice(0, 200)}`);
    return;
  }
  const d = difference(JSON.parse(text), expected);
  if (d) fail(name, d);
  else ok(`${name}: evaluate() is node's`);
}

main().catch((e) => {
  console.log(`** ${e.stack || e}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exitCode = 1;
});
