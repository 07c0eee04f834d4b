// questions_compare.js — the offline page's questions (web/engine-local.js
// over the WebAssembly runtime) against the server's POST /v1/questions:
// for every bundled case, its first 0, 2, 4, … facts (every other time the
// first one given as null, "onbekend"), with and without optional=1, the
// two answers must be the same JSON text. Run by tests/browser.py with the
// server of tests/browser.sh:
//
//   node tests/questions_compare.js BUILD/web http://127.0.0.1:PORT EXAMPLES_DIR NOW
//
// Prints one line of JSON: {"compared": N, "differ": N, "first": "…"}.
'use strict';
const fs = require('fs');
const path = require('path');

const [web, base, examples, now] = process.argv.slice(2);
const data = fs.readFileSync(path.join(web, 'signaal-data.js'), 'utf8');
const page = fs.readFileSync(path.join(web, 'page-data.js'), 'utf8');
// the two data scripts set globalThis.SignaalWasmData and SignaalPageData
new Function(data)();
new Function(page)();
globalThis.SignaalWasm = require(path.resolve(web, 'engine-wasm.js'));
require(path.resolve(web, 'engine-local.js'));
const engine = globalThis.signaalEngine;

(async () => {
  let compared = 0, differ = 0, first = '';
  for (const file of fs.readdirSync(examples).filter((f) => f.endsWith('.json')).sort()) {
    const kase = JSON.parse(fs.readFileSync(path.join(examples, file), 'utf8'));
    const keys = Object.keys(kase);
    for (let k = 0; k <= keys.length; k += 2) {
      for (const optional of [false, true]) {
        const partial = {};
        keys.slice(0, k).forEach((key) => { partial[key] = kase[key]; });
        if (k % 4 === 2) partial[keys[0]] = null;
        const local = JSON.stringify(await engine.questions(partial, now, optional));
        const response = await fetch(`${base}/v1/questions?now=${now}${optional ? '&optional=1' : ''}`, {
          method: 'POST', body: JSON.stringify(partial), headers: {'Content-Type': 'application/json'}});
        const served = JSON.stringify(await response.json());
        compared++;
        if (local !== served) {
          differ++;
          if (!first) first = `${file}, ${k} facts, optional=${optional}: ${local.slice(0, 300)} vs ${served.slice(0, 300)}`;
        }
      }
    }
  }
  console.log(JSON.stringify({compared, differ, first}));
})().catch((e) => { console.log(JSON.stringify({compared: 0, differ: 1, first: String(e)})); });
