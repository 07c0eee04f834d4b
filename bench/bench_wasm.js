/* bench_wasm.js — the WebAssembly side of bench/wasm.sh: cases per second
 * of web/engine-wasm.js under node on the cases bench_outcome.c reads:
 * "rules" parses a case's JSON line and gives every rule's state
 * (JSON.parse, evaluateRules()); "report" parses it and writes the whole
 * outcome as eval --json has it (JSON.parse, evaluate(), JSON.stringify
 * with a 2-space indent, as sgj_outcome_json). Each the best of three
 * passes over all the cases, interleaved as in bench_outcome.c; and
 * "eval", sg_eval alone, as bench_outcome.c finds it. Also the
 * time load() takes the first time (compiling the module, instantiating
 * it, loading and verifying the image).
 *
 *   node bench/bench_wasm.js WEB_DIR FACTS.jsonl NOWS.txt
 */
'use strict';

const fs = require('fs');
const path = require('path');

const [web, factsFile, nowsFile] = process.argv.slice(2);
if (!web || !nowsFile) {
  console.error('usage: node bench/bench_wasm.js WEB_DIR FACTS.jsonl NOWS.txt');
  process.exit(2);
}
const {load} = require(path.resolve(web, 'engine-wasm.js'));
const lines = fs.readFileSync(factsFile, 'utf8').trim().split('\n');
const nows = fs.readFileSync(nowsFile, 'utf8').trim().split('\n');

function pass(fn) {
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < lines.length; i++) sink += fn(lines[i], nows[i]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) console.log(sink);
  return lines.length / seconds;
}

const wasm = fs.readFileSync(path.join(web, 'signaal.wasm'));
const rulebook = fs.readFileSync(path.join(web, 'uitbuiting.rbc'));
const started = process.hrtime.bigint();
load({wasm, rulebook}).then((engine) => {
  const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
  /* sg_eval alone, as bench_outcome.c: each case set untimed, then 100
   * sg_eval on the engine's context (its own handles: a benchmark may
   * look inside) timed */
  const evalOnly = () => {
    let seconds = 0;
    for (let i = 0; i < lines.length; i++) {
      engine._run(JSON.parse(lines[i]), nows[i]);
      const start = process.hrtime.bigint();
      for (let k = 0; k < 100; k++) engine._x.sg_eval(engine._ctx);
      seconds += Number(process.hrtime.bigint() - start) / 1e9;
    }
    return 100 * lines.length / seconds;
  };
  let rules = 0, report = 0, evals = 0;
  for (let round = 0; round < 3; round++) {
    rules = Math.max(rules, pass((line, now) => engine.evaluateRules(JSON.parse(line), now).fired.length));
    report = Math.max(report, pass((line, now) =>
      JSON.stringify(engine.evaluate(JSON.parse(line), now), null, 2).length));
    evals = Math.max(evals, evalOnly());
  }
  console.log(`cases ${lines.length}`);
  console.log(`wasm_load_ms ${loadMs.toFixed(1)}`);
  console.log(`wasm_rules_per_second ${Math.round(rules)}`);
  console.log(`wasm_report_per_second ${Math.round(report)}`);
  console.log(`wasm_eval_per_second ${Math.round(evals)}`);
  engine.close();
});
