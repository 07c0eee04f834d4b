/* engine-local.js — the case worker's page without a server: the engine
 * object app.js calls (docs/web.md, "The engine object"), over the runtime
 * built to WebAssembly (engine-wasm.js), so that no case data leaves the
 * browser. make web puts it in build/web/ with index.html loading, before
 * app.js: signaal-data.js (the module and the rulebook in base64),
 * page-data.js (`signaal info --json` and `signaal schema` of that rulebook,
 * made by make web), engine-wasm.js and this file. A plain script: a page
 * opened as a file (file://) fetches nothing.
 *
 * The calls answer as the HTTP API does (docs/api-http.md): info() and
 * schema() the texts make web took from the CLI; eval() the outcome of
 * `eval --json` (engine-wasm.js's evaluate()); questions() the list of
 * POST /v1/questions, made from the outcome's open_questions as
 * cli/serve_api.c and cli/questions.c make it. There is no report():
 * the HTML report is written by the CLI (C, jansson), which is not in the
 * module; the page prints its own advice instead (printsPage). */
(function (root) {
  'use strict';

  var data = root.SignaalPageData || {};
  var loading = null;    // the promise of the engine, made at the first call

  function engineError(code, message, errors) {
    return { code: code, message: message || '', errors: errors || [], status: 0 };
  }

  function wasm() {
    if (!loading) {
      loading = root.SignaalWasm
        ? root.SignaalWasm.load()
        : Promise.reject(new Error('engine-wasm.js is not loaded'));
    }
    return loading.catch(function (e) {
      throw engineError('internal', 'WebAssembly: ' + (e && e.message ? e.message : String(e)));
    });
  }

  /* The facts of the rulebook by name: {type, values}, from the module. */
  var factsByName = null;
  function facts(engine) {
    if (!factsByName) {
      factsByName = {};
      engine.facts().forEach(function (f) { factsByName[f.name] = f; });
    }
    return factsByName;
  }

  /* evaluate(), its errors as the page's: a case that does not fit is
   * bad_case with each problem's fact and message (never a value), a bad
   * moment bad_parameter. */
  function evaluate(engine, kase, now) {
    try {
      return engine.evaluate(kase, now);
    } catch (e) {
      if (root.SignaalWasm && e instanceof root.SignaalWasm.SignaalCaseError) {
        var onCase = e.problems.some(function (p) { return p.key !== null; });
        return Promise.reject(engineError(onCase ? 'bad_case' : 'bad_parameter', '',
          e.problems.map(function (p) { return { fact: p.fact, message: p.message }; })));
      }
      return Promise.reject(engineError('internal', e && e.message ? e.message : String(e)));
    }
  }

  function answer(value) {
    return value === undefined || value === null
      ? Promise.reject(engineError('internal', 'make web did not put page-data.js beside the page'))
      : Promise.resolve(JSON.parse(JSON.stringify(value)));
  }

  root.signaalEngine = {
    printsPage: true,   // no report(): the page prints its own advice
    info: function () { return answer(data.info); },
    schema: function () { return answer(data.schema); },
    eval: function (kase, now) {
      return wasm().then(function (engine) { return evaluate(engine, kase, now); });
    },
    /* POST /v1/questions: the open questions, most decisive first, without
     * the facts the case names (known or null), the optional ones only
     * with `optional` (cli/questions.c). */
    questions: function (kase, now, optional) {
      return wasm().then(function (engine) {
        return Promise.resolve(evaluate(engine, kase, now)).then(function (out) {
          var known = facts(engine), info = engine.info(), list = [];
          (out.open_questions || []).forEach(function (q) {
            if (Object.prototype.hasOwnProperty.call(kase, q.fact)) return;
            if (q.optional && !optional) return;
            var f = known[q.fact] || {};
            var item = { fact: q.fact, question: q.question || '', type: f.type || 'text' };
            if (f.type === 'enum') item.values = f.values.slice();
            item.optional = !!q.optional;
            item.settles = q.settles_max;
            item.contacts = q.contacts;
            list.push(item);
          });
          return { edition: info.version, sha256: info.bytecode_sha256, now: out.now,
                   undetermined: (out.undetermined || []).length, questions: list };
        });
      });
    }
  };
})(typeof globalThis !== 'undefined' ? globalThis : this);
