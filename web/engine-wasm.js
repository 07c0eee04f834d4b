/* engine-wasm.js — the Signaal runtime in the browser: loads signaal.wasm
 * (make web: the runtime built to WebAssembly, libc only) and a compiled
 * rulebook (.rbc), verified as the CLI verifies it, and evaluates a case
 * without sending it anywhere. evaluate() returns the outcome in the shape
 * of `signaal eval --report json` (json/output_json.c), read through the
 * runtime's own accessors, so one renderer shows either engine's result.
 * docs/web-wasm.md says how a page uses it; tests/wasm.sh holds it to the
 * native engine on every bundled example and on made-up cases.
 *
 * A plain script (no import, no export statement), so that it also runs
 * from a page opened as a file: in a browser it defines globalThis.SignaalWasm;
 * under node, require() (or import) gives the same object. It needs
 * WebAssembly, TextEncoder/TextDecoder and BigInt (node 18, every current
 * browser). Fact values never go into an error message.
 */
(function (root) {
  'use strict';

  /* sg_status, sg_truth, sg_type, sg_action_kind, sg_pred_kind,
   * sg_reason_kind and the parts of a rule, as include/signaal.h numbers them. */
  const SG_OK = 0, SG_ERR_NOMEM = 1, SG_ERR_RANGE = 3, SG_ERR_VALUE = 5;
  const SG_TRUE = 1, SG_UNKNOWN = 2;
  const SG_RECOMMEND = 1, SG_ATTENTION = 2, SG_CONTACT = 3;
  const SG_SIGNAL = 1;
  const SG_REASON_FACT = 1, SG_REASON_PRED = 2, SG_REASON_NOW = 3;
  const SG_PART_WHEN = 0, SG_PART_UNLESS = 1, SG_PART_ACTION = 2;
  const SG_OWNER_PREDICATE = 1, SG_OWNER_RULE = 2;
  /* the types of runtime/types.def: name, article, JSON kind, and how the
   * case reader words what a string of the type must look like */
  const TYPES = {
    1: {name: 'bool', article: 'a', json: 'boolean'},
    2: {name: 'int', article: 'an', json: 'integer'},
    3: {name: 'text', article: 'a', json: 'string'},
    4: {name: 'enum', article: 'an', json: 'string', listed: true},
    5: {name: 'date', article: 'a', json: 'string', shape: '"YYYY-MM-DD"'},
    6: {name: 'datetime', article: 'a', json: 'string', shape: '"YYYY-MM-DDTHH:MM[:SS]"'},
    7: {name: 'country', article: 'a', json: 'string',
        shape: 'code in upper case, as ISO 3166-1 alpha-2 assigns it, such as "NL"'},
  };
  /* sizes of the structs glue.c checks: sg_question 8 words, sg_reason 2 */
  const QUESTION_SIZE = 32, REASON_SIZE = 8;
  const EXPLAIN_MAX_DEPTH = 12;   /* json/explain.h */

  /* A case the engine cannot evaluate: `problems` lists each one as
   * {fact (or null), key (1-based position of the key, or null), message};
   * no message holds a value or a key that names no fact. */
  class SignaalCaseError extends Error {
    constructor(problems) {
      super(problems.map((p) => p.message).join('; '));
      this.name = 'SignaalCaseError';
      this.problems = problems;
    }
  }

  /* ---- bytes in, the module's imports ------------------------------------ */

  function fromBase64(text) {
    if (typeof Buffer === 'function') return new Uint8Array(Buffer.from(text, 'base64'));
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  /* Bytes from a Uint8Array, an ArrayBuffer, or a URL to fetch. */
  async function bytesOf(what, label) {
    if (what instanceof Uint8Array) return what;
    if (what instanceof ArrayBuffer) return new Uint8Array(what);
    if (ArrayBuffer.isView(what)) return new Uint8Array(what.buffer, what.byteOffset, what.byteLength);
    if (typeof what === 'string' || (typeof URL === 'function' && what instanceof URL)) {
      const response = await fetch(what);
      if (!response.ok) throw new Error(`${label}: ${response.status} ${response.statusText}`);
      return new Uint8Array(await response.arrayBuffer());
    }
    throw new TypeError(`${label}: give bytes (Uint8Array, ArrayBuffer) or a URL`);
  }

  /* The runtime does no I/O and reads no clock; what libc's printf still
   * links of WASI gets a stub that says "not supported" (ENOSYS), so no
   * WASI shim is needed. Any other import is an error. */
  function importsFor(module) {
    const imports = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.module !== 'wasi_snapshot_preview1' || imp.kind !== 'function')
        throw new Error(`signaal.wasm: unexpected import ${imp.module}.${imp.name}`);
      (imports[imp.module] = imports[imp.module] || {})[imp.name] = () => 52;
    }
    return imports;
  }

  /* ---- the Dutch clock (json/clock.c), for evaluate() without `now` -------- */

  function lastSunday(year, month) {   /* day number of the last Sunday of month (1-12) */
    const last = Date.UTC(year, month, 0) / 86400000;
    return last - (((last + 4) % 7) + 7) % 7;
  }

  /* The moment `date` in Dutch local time, YYYY-MM-DDTHH:MM:SS (EU summer
   * time: last Sunday of March to last Sunday of October, 01:00 UTC). */
  function dutchLocal(date) {
    const utc = Math.floor(date.getTime() / 1000);
    const year = new Date(utc * 1000).getUTCFullYear();
    const start = lastSunday(year, 3) * 86400 + 3600, end = lastSunday(year, 10) * 86400 + 3600;
    const local = utc + (utc >= start && utc < end ? 7200 : 3600);
    return new Date(local * 1000).toISOString().slice(0, 19);
  }

  /* ---- the engine ---------------------------------------------------------- */

  class Engine {
    constructor(instance, rulebook) {
      this._x = instance.exports;
      this._rb = rulebook;
      this._decoder = new TextDecoder('utf-8');
      this._encoder = new TextEncoder();
      const x = this._x, rb = rulebook;
      this._scratch = this._need(x.sgw_alloc(64));   /* formatted dates, hashes */
      this._text = 0;                                /* a value's text: grown as needed */
      this._textSize = 0;
      this._ctx = this._need(x.sg_context_new(rb));
      this._factCount = x.sg_fact_count(rb);
      this._slots = new Map();
      this._names = [];       /* each fact's name, in linear memory, for sgw_set_fact */
      for (let slot = 0; slot < this._factCount; slot++) {
        const name = this._str(x.sg_fact_name(rb, slot));
        this._slots.set(name, slot);
        this._names.push(this._cstring(name));
      }
      this._slotBuf = this._need(x.sgw_alloc(4 * (this._factCount + 1)));
      this._reasonCap = 64;
      this._reasonBuf = this._need(x.sgw_alloc(REASON_SIZE * this._reasonCap));
    }

    _need(ptr) {
      if (ptr === 0) throw new Error('signaal.wasm: out of memory');
      return ptr;
    }
    _u8() { return new Uint8Array(this._x.memory.buffer); }
    _view() { return new DataView(this._x.memory.buffer); }

    /* The NUL-terminated UTF-8 string at `ptr` (null for NULL). */
    _str(ptr) {
      if (ptr === 0) return null;
      const u8 = this._u8();
      let end = ptr;
      while (end < u8.length && u8[end] !== 0) end++;
      return this._decoder.decode(u8.subarray(ptr, end));
    }
    /* report_str: "" for NULL */
    _text0(ptr) { const s = this._str(ptr); return s === null ? '' : s; }
    /* optional_string: null for NULL or "" */
    _opt(ptr) { const s = this._str(ptr); return s === null || s === '' ? null : s; }

    /* `text` as a new NUL-terminated string in linear memory (sgw_free it). */
    _cstring(text) {
      const bytes = this._encoder.encode(text);
      const ptr = this._need(this._x.sgw_alloc(bytes.length + 1));
      const u8 = this._u8();
      u8.set(bytes, ptr);
      u8[ptr + bytes.length] = 0;
      return ptr;
    }
    /* `text` in the reused value buffer. */
    _valueText(text) {
      const bytes = this._encoder.encode(text);
      if (bytes.length + 1 > this._textSize) {
        this._x.sgw_free(this._text);
        this._textSize = Math.max(256, 2 * (bytes.length + 1));
        this._text = this._need(this._x.sgw_alloc(this._textSize));
      }
      const u8 = this._u8();
      u8.set(bytes, this._text);
      u8[this._text + bytes.length] = 0;
      return this._text;
    }

    _hex(ptr) {
      if (ptr === 0) return '0'.repeat(64);
      const u8 = this._u8();
      let out = '';
      for (let i = 0; i < 32; i++) out += u8[ptr + i].toString(16).padStart(2, '0');
      return out;
    }
    _date(days) {
      this._x.sg_format_date(days, this._scratch);
      return this._str(this._scratch);
    }
    /* up to the context's slot buffer's room: a fact slot each */
    _slotsFrom(count) {
      const view = this._view(), out = [];
      for (let i = 0; i < Math.min(count, this._factCount); i++)
        out.push(view.getUint32(this._slotBuf + 4 * i, true));
      return out;
    }
    /* sg_rule_reasons (pred < 0) or sg_pred_reasons, as [{kind, index}] */
    _reasons(rule, part, pred) {
      const x = this._x, ctx = this._ctx;
      const read = (buf, cap) => (pred < 0 ? x.sg_rule_reasons(ctx, rule, part, buf, cap)
                                           : x.sg_pred_reasons(ctx, pred, buf, cap));
      let n = read(this._reasonBuf, this._reasonCap);
      if (n > this._reasonCap) {
        x.sgw_free(this._reasonBuf);
        this._reasonCap = n;
        this._reasonBuf = this._need(x.sgw_alloc(REASON_SIZE * n));
        n = Math.min(n, read(this._reasonBuf, this._reasonCap));
      }
      const view = this._view(), out = [];
      for (let i = 0; i < n; i++)
        out.push({kind: view.getInt32(this._reasonBuf + REASON_SIZE * i, true),
                  index: view.getUint32(this._reasonBuf + REASON_SIZE * i + 4, true)});
      return out;
    }

    /* The rulebook's header, as `rulebook` of eval --json. */
    info() {
      const x = this._x, rb = this._rb;
      return {
        title: this._text0(x.sg_rulebook_title(rb)),
        version: this._text0(x.sg_rulebook_version(rb)),
        effective: this._date(x.sg_rulebook_effective(rb)),
        source: this._opt(x.sg_rulebook_source(rb)),
        source_sha256: this._hex(x.sg_rulebook_source_hash(rb)),
        bytecode_sha256: this._hex(x.sg_rulebook_bytecode_hash(rb)),
      };
    }

    /* The facts a case may give, in slot order, for a page's questions:
     * {name, type ('bool', 'int', 'text', 'enum', 'date', 'datetime',
     * 'country'), question, optional, protected, values (an enum's)}. */
    facts() {
      const x = this._x, rb = this._rb, out = [];
      for (let slot = 0; slot < this._factCount; slot++) {
        const type = x.sg_fact_type(rb, slot);
        const fact = {
          name: this._str(x.sg_fact_name(rb, slot)),
          type: TYPES[type] ? TYPES[type].name : 'unknown',
          question: this._opt(x.sg_fact_question(rb, slot)),
          optional: x.sg_fact_optional(rb, slot) !== 0,
          protected: x.sg_fact_protected(rb, slot) !== 0,
        };
        if (type === 4) {
          fact.values = [];
          for (let i = 0; i < x.sg_fact_enum_count(rb, slot); i++)
            fact.values.push(this._str(x.sg_fact_enum_value(rb, slot, i)));
        }
        out.push(fact);
      }
      return out;
    }

    /* ---- setting a case ---------------------------------------------------- */

    _expected(slot) {
      const x = this._x, t = TYPES[x.sg_fact_type(this._rb, slot)];
      if (!t) return 'a value of an unsupported type';
      if (t.listed) {
        const values = [];
        for (let i = 0; i < x.sg_fact_enum_count(this._rb, slot); i++)
          values.push(this._str(x.sg_fact_enum_value(this._rb, slot, i)));
        return 'one of: ' + values.join(', ');
      }
      return `${t.article} ${t.name}${t.shape ? ' ' + t.shape : ''}`;
    }

    /* The kind of a JS value as the case reader names a JSON value's. */
    static _kindOf(value) {
      if (value === null) return 'null';
      if (Array.isArray(value)) return 'an array';
      switch (typeof value) {
        case 'string': return 'a string';
        case 'boolean': return 'a boolean';
        case 'bigint': return 'an integer';
        case 'number': return Number.isInteger(value) ? 'an integer' : 'a number with a fraction';
        default: return 'an object';
      }
    }

    /* Set every fact of `facts` (name to value; null or absent: unknown) on
     * the reset context; the problems, as the case reader words them. */
    _setCase(facts) {
      const x = this._x, ctx = this._ctx, problems = [];
      if (facts === null || typeof facts !== 'object' || Array.isArray(facts))
        throw new SignaalCaseError([{fact: null, key: null,
          message: `a case is an object of facts (got ${Engine._kindOf(facts)})`}]);
      x.sg_context_reset(ctx);
      let position = 0;
      for (const name of Object.keys(facts)) {
        position++;
        const slot = this._slots.get(name);
        if (slot === undefined) {
          problems.push({fact: null, key: position, message: `unknown fact (key ${position})`});
          continue;
        }
        const value = facts[name];
        if (value === null || value === undefined) {
          x.sgw_set_fact(ctx, this._names[slot], 0);
          continue;
        }
        const type = TYPES[x.sg_fact_type(this._rb, slot)];
        const kind = Engine._kindOf(value);
        let text = null;
        if (type && type.json === 'boolean' && typeof value === 'boolean') text = String(value);
        else if (type && type.json === 'integer' && kind === 'an integer' &&
                 (typeof value === 'bigint' || Number.isSafeInteger(value))) text = String(value);
        else if (type && type.json === 'string' && typeof value === 'string' &&
                 !value.includes('\0')) text = value;
        if (text === null) {
          const got = kind === 'an integer' && typeof value === 'number'
            ? 'an integer beyond 2^53: give a BigInt' : kind;
          problems.push({fact: name, key: position,
                         message: `fact '${name}' expects ${this._expected(slot)} (got ${got})`});
          continue;
        }
        const status = x.sgw_set_fact(ctx, this._names[slot], this._valueText(text));
        if (status === SG_ERR_NOMEM) throw new Error('signaal.wasm: out of memory');
        if (status !== SG_OK) {
          const what = type.name === 'date' || type.name === 'datetime'
            ? ` (got a string that is not such a ${type.name})` : '';
          problems.push({fact: name, key: position,
                         message: `fact '${name}' expects ${this._expected(slot)}${what}`});
        }
      }
      if (problems.length > 0) throw new SignaalCaseError(problems);
    }

    /* Evaluate the case `facts` (an object of fact name to value, as a case
     * file: true/false, a number or BigInt, a string; null: unknown) at the
     * moment `now` (YYYY-MM-DDTHH:MM[:SS] local time, as --now, or a Date,
     * taken as Dutch local time; absent: the clock, in Dutch time), with the
     * decision date `asOf` (YYYY-MM-DD, as --as-of; absent: the date of
     * `now`). Returns the outcome in the shape of `signaal eval --json`,
     * with `fired` and `not_fired` (every rule by name, as a batch line
     * has them) besides `undetermined`; `case_sha256` is null (there is no
     * case file). Throws a SignaalCaseError for a bad case. */
    evaluate(facts, now, asOf) {
      this._run(facts, now, asOf);
      return this._report();
    }

    /* Only the state of every rule, by name, in output order: {fired,
     * not_fired, undetermined} (the lists of a batch line, without what an
     * undetermined rule waits for); for a page that needs no report, and
     * to measure the evaluation alone. The arguments are evaluate()'s. */
    evaluateRules(facts, now, asOf) {
      this._run(facts, now, asOf);
      return this._states();
    }

    _states() {
      const x = this._x, out = {fired: [], not_fired: [], undetermined: []};
      for (let r = 0; r < x.sg_rule_count(this._rb); r++) {
        const state = x.sg_rule_outcome(this._ctx, r);
        out[state === SG_TRUE ? 'fired' : state === SG_UNKNOWN ? 'undetermined' : 'not_fired']
          .push(this._ruleName(r));
      }
      return out;
    }

    _ruleName(r) {
      if (!this._ruleNames) {
        this._ruleNames = [];
        for (let i = 0; i < this._x.sg_rule_count(this._rb); i++)
          this._ruleNames.push(this._text0(this._x.sg_rule_name(this._rb, i)));
      }
      return this._ruleNames[r];
    }

    /* Set the case and the moment, and evaluate. */
    _run(facts, now, asOf) {
      const x = this._x, ctx = this._ctx;
      this._setCase(facts);
      const moment = now === undefined || now === null ? dutchLocal(new Date())
        : now instanceof Date ? dutchLocal(now) : String(now);
      if (x.sgw_set_now(ctx, this._valueText(moment)) !== 0)
        throw new SignaalCaseError([{fact: null, key: null,
          message: 'now: expects a moment YYYY-MM-DDTHH:MM[:SS]'}]);
      if (asOf !== undefined && asOf !== null &&
          x.sgw_set_asof(ctx, this._valueText(String(asOf))) !== 0)
        throw new SignaalCaseError([{fact: null, key: null,
          message: 'as_of: expects a date YYYY-MM-DD'}]);
      const status = x.sg_eval(ctx);
      if (status !== SG_OK) throw new Error(`signaal.wasm: evaluation failed (status ${status})`);
    }

    /* ---- the report (json/report_model.c, json/output_json.c) ------------- */

    _report() {
      const x = this._x, rb = this._rb, ctx = this._ctx;
      const ruleCount = x.sg_rule_count(rb), actors = x.sg_actor_count(rb);
      const fact = (slot) => ({fact: this._str(x.sg_fact_name(rb, slot)),
                               question: this._opt(x.sg_fact_question(rb, slot))});
      const outcome = [], rules = [];
      for (let r = 0; r < ruleCount; r++) {
        outcome.push(x.sg_rule_outcome(ctx, r));
        const actor = x.sg_rule_actor(rb, r);
        rules.push({
          name: this._text0(x.sg_rule_name(rb, r)),
          label: this._opt(x.sg_rule_label(rb, r)),
          step: x.sg_rule_has_step(rb, r) ? x.sg_rule_step(rb, r) : null,
          actor: actor >= 0 ? this._text0(x.sg_actor_name(rb, actor)) : null,
          rank: (actor >= 0 ? actor : actors) + 1,
          citation: this._opt(x.sg_rule_citation(rb, r)),
          urgent: x.sg_rule_urgent(rb, r) !== 0,
          presumed: [],
          assumptions: null,
          explanation: null,
        });
      }
      const fired = (r) => outcome[r] === SG_TRUE;
      for (let r = 0; r < ruleCount; r++) {
        if (!fired(r)) continue;
        const n = x.sg_rule_presumed(ctx, r, SG_PART_UNLESS, this._slotBuf, this._factCount + 1);
        rules[r].presumed = this._slotsFrom(n).map((s) => this._str(x.sg_fact_name(rb, s)));
        rules[r].explanation = this._explain(r, rules[r]);
      }
      const hasAssumptions = x.sg_assumption_count(rb) > 0;
      const contacts = this._contacts(outcome, rules);
      if (hasAssumptions) this._assumptions(outcome, rules, contacts);

      const ruleObject = (r, text) => {
        const rule = rules[r], o = {rule: rule.name, label: rule.label, step: rule.step,
                                    actor: rule.actor};
        if (text !== null) o.text = text;
        o.citation = rule.citation;
        o.unless_presumed = rule.presumed;
        if (hasAssumptions) o.assumptions = rule.assumptions;
        o.explanation = rule.explanation;
        return o;
      };
      const actions = (urgent, kind) => {
        const items = [];
        for (let r = 0; r < ruleCount; r++) {
          if (!fired(r) || rules[r].urgent !== urgent) continue;
          for (let a = 0; a < x.sg_rule_action_count(rb, r); a++) {
            const k = x.sg_rule_action_kind(rb, r, a);
            if (k === kind || (urgent && k !== SG_CONTACT))
              items.push({r, text: this._text0(x.sg_rule_action_text(rb, r, a))});
          }
        }
        /* by who does it, the rules' order kept within one actor (stable) */
        items.sort((p, q) => rules[p.r].rank - rules[q.r].rank);
        return items.map((item) => ruleObject(item.r, item.text));
      };

      const report = {
        rulebook: this.info(),
        now: null, as_of: '', case_sha256: null, role: null,
      };
      report.now = x.sgw_now_text(ctx, this._scratch) ? this._str(this._scratch) : '';
      if (x.sg_asof(ctx, this._scratch)) report.as_of = this._date(this._view().getInt32(this._scratch, true));
      report.fired = [];
      report.not_fired = [];
      for (let r = 0; r < ruleCount; r++) {
        if (outcome[r] === SG_TRUE) report.fired.push(rules[r].name);
        else if (outcome[r] !== SG_UNKNOWN) report.not_fired.push(rules[r].name);
      }
      if (rules.some((rule) => rule.urgent)) report.urgent = actions(true, SG_RECOMMEND);
      report.recommendations = actions(false, SG_RECOMMEND);
      report.attention = actions(false, SG_ATTENTION);
      report.contacts = contacts.map((c) => {
        const o = {table: c.table, key: c.entry ? c.entry.key : null,
                   fields: c.entry ? c.entry.fields : null};
        if (c.checked !== null) o.checked = c.checked;
        if (c.hours !== null) {
          o.open_now = c.hours.open_now;
          if (c.hours.opens !== null) o.opens = c.hours.opens;
        }
        if (!c.entry) o.waiting_for = c.waiting.map(fact);
        o.rules = c.rules.map((r) => ruleObject(r, null));
        if (hasAssumptions) o.assumptions = c.assumptions;
        return o;
      });
      report.undetermined = [];
      for (let r = 0; r < ruleCount; r++) {
        if (outcome[r] !== SG_UNKNOWN) continue;
        const n = x.sg_rule_waiting(ctx, r, this._slotBuf, this._factCount + 1);
        const rule = rules[r];
        report.undetermined.push({rule: rule.name, label: rule.label, step: rule.step,
                                  actor: rule.actor, citation: rule.citation,
                                  waiting_for: this._slotsFrom(n).map(fact)});
      }
      report.open_questions = null;   /* filled last: trying answers re-evaluates */
      report.signals = [];
      for (let p = 0; p < x.sg_pred_count(rb); p++) {
        if (x.sg_pred_kind_of(rb, p) !== SG_SIGNAL) continue;
        const value = x.sg_pred_value(ctx, p);
        report.signals.push({name: this._text0(x.sg_pred_name(rb, p)),
                             label: this._opt(x.sg_pred_label(rb, p)),
                             group: this._opt(x.sg_pred_group(rb, p)),
                             value: value === SG_UNKNOWN ? null : value === SG_TRUE});
      }
      const reading = x.sg_rulebook_reading_list(rb);
      report.reading_list = null;
      if (reading >= 0) {
        const entries = [];
        for (let e = 0; e < x.sg_table_entry_count(rb, reading); e++)
          entries.push(this._entry(reading, e));
        report.reading_list = {table: this._text0(x.sg_table_name(rb, reading)), entries};
      }
      if (hasAssumptions) report.assumptions = this._allAssumptions;
      report.open_questions = this._questions(fact);
      return report;
    }

    /* Entry `e` of table `t`: {key, fields}; a plain table's one field is
     * "value". */
    _entry(t, e) {
      const x = this._x, rb = this._rb, fields = {};
      for (let f = 0; f < x.sg_table_field_count(rb, t); f++) {
        const name = this._text0(x.sg_table_field(rb, t, f));
        fields[name !== '' ? name : 'value'] = this._text0(x.sg_table_value(rb, t, e, f));
      }
      return {key: this._text0(x.sg_table_key(rb, t, e)), fields};
    }

    /* The distinct contacts of the fired rules' contact actions. */
    _contacts(outcome, rules) {
      const x = this._x, rb = this._rb, ctx = this._ctx, contacts = [];
      for (let r = 0; r < rules.length; r++) {
        if (outcome[r] !== SG_TRUE) continue;
        for (let a = 0; a < x.sg_rule_action_count(rb, r); a++) {
          if (x.sg_rule_action_kind(rb, r, a) !== SG_CONTACT) continue;
          const name = this._text0(x.sg_rule_action_text(rb, r, a));
          const nameBuf = this._valueText(name);
          const table = x.sg_table_find(rb, nameBuf);
          const entry = table >= 0 ? x.sg_rule_contact(ctx, r, a) : -1;
          let c = contacts.find((k) => k.index === entry && k.table === name);
          if (!c) {
            c = {table: name, index: entry, entry: null, checked: null, hours: null,
                 waiting: [], rules: [], assumptions: [], window: -1};
            contacts.push(c);
          }
          if (c.entry === null && entry >= 0) {
            c.entry = this._entry(table, entry);
            const w = x.sg_table_entry_window(rb, table, entry);
            if (w >= 0) {
              const open = x.sgw_window_open_now(ctx, w) !== 0;
              c.window = w;
              c.hours = {open_now: open, opens: null};
              if (!open && x.sgw_window_next_open_text(ctx, w, this._scratch))
                c.hours.opens = this._str(this._scratch);
            }
          }
          if (entry >= 0 && x.sg_table_entry_checked(rb, table, entry, this._scratch))
            c.checked = this._date(this._view().getInt32(this._scratch, true));
          if (c.rules.length === 0 || c.rules[c.rules.length - 1] !== r) c.rules.push(r);
          if (entry >= 0) continue;
          for (const reason of this._reasons(r, SG_PART_ACTION + a, -1)) {
            if (reason.kind !== SG_REASON_FACT ||
                x.sg_fact_value(ctx, reason.index, this._scratch, 64) !== 0) continue;
            if (!c.waiting.includes(reason.index)) c.waiting.push(reason.index);
          }
          c.waiting.sort((p, q) => p - q);
        }
      }
      return contacts;
    }

    /* ---- assumptions (collect_assumptions, explain_rests_on) -------------- */

    /* Every assumption of the rulebook as the report names it, with its owner. */
    _resolveAssumptions() {
      const x = this._x, rb = this._rb, all = [];
      const buf = this._need(x.sgw_alloc(16)), view = () => this._view();
      for (let i = 0; i < x.sg_assumption_count(rb); i++) {
        x.sg_assumption(rb, i, buf, buf + 4, buf + 8);
        const kind = view().getInt32(buf, true), owner = view().getUint32(buf + 4, true);
        const text = this._text0(view().getUint32(buf + 8, true));
        let o;
        if (kind === SG_OWNER_PREDICATE) {
          o = {owner_kind: x.sg_pred_kind_of(rb, owner) === SG_SIGNAL ? 'signal' : 'condition',
               owner: this._text0(x.sg_pred_name(rb, owner)),
               label: this._opt(x.sg_pred_label(rb, owner)), text};
        } else if (kind === SG_OWNER_RULE) {
          o = {owner_kind: 'rule', owner: this._text0(x.sg_rule_name(rb, owner)),
               label: this._opt(x.sg_rule_label(rb, owner)), text};
        } else {
          o = {owner_kind: 'window', owner: this._text0(x.sg_window_name(rb, owner)),
               label: null, text};
        }
        all.push({kind, owner, object: o});
      }
      x.sgw_free(buf);
      return all;
    }

    /* The windows rule `index` (isRule) or predicate `index` reads. */
    _windowsOf(isRule, index) {
      const x = this._x, rb = this._rb;
      const read = (buf, cap) => (isRule ? x.sg_rule_windows(rb, index, buf, cap)
                                         : x.sg_pred_windows(rb, index, buf, cap));
      const n = read(0, 0);
      if (n === 0) return [];
      const buf = this._need(x.sgw_alloc(4 * n));
      read(buf, n);
      const view = this._view(), out = [];
      for (let i = 0; i < n; i++) out.push(view.getUint32(buf + 4 * i, true));
      x.sgw_free(buf);
      return out;
    }

    /* The predicates and windows rule `r`'s outcome rests on. */
    _restsOn(r) {
      const x = this._x, rb = this._rb;
      const preds = new Set(), windows = new Set(), stack = [];
      const datetimeIn = (reasons) => reasons.some((reason) => reason.kind === SG_REASON_NOW ||
        (reason.kind === SG_REASON_FACT && x.sg_fact_type(rb, reason.index) === 6));
      const push = (reasons) => {
        for (const reason of reasons) {
          if (reason.kind !== SG_REASON_PRED || preds.has(reason.index)) continue;
          preds.add(reason.index);
          stack.push(reason.index);
        }
      };
      let datetime = false;
      const parts = SG_PART_ACTION + x.sg_rule_action_count(rb, r);
      for (let part = SG_PART_WHEN; part < parts; part++) {
        const reasons = this._reasons(r, part, -1);
        datetime = datetime || datetimeIn(reasons);
        push(reasons);
      }
      if (datetime) for (const w of this._windowsOf(true, r)) windows.add(w);
      while (stack.length > 0) {
        const pred = stack.pop();
        const reasons = this._reasons(0, 0, pred);
        if (datetimeIn(reasons)) for (const w of this._windowsOf(false, pred)) windows.add(w);
        push(reasons);
      }
      return {preds, windows};
    }

    _assumptions(outcome, rules, contacts) {
      if (!this._assumptionList) this._assumptionList = this._resolveAssumptions();
      const all = this._assumptionList, any = new Array(all.length).fill(false);
      const mine = new Map();    /* rule: its marks */
      for (let r = 0; r < rules.length; r++) {
        if (outcome[r] !== SG_TRUE) continue;
        const {preds, windows} = this._restsOn(r);
        const marks = all.map((a) => (a.kind === SG_OWNER_RULE ? a.owner === r
          : a.kind === SG_OWNER_PREDICATE ? preds.has(a.owner) : windows.has(a.owner)));
        marks.forEach((m, i) => { any[i] = any[i] || m; });
        mine.set(r, marks);
        rules[r].assumptions = all.filter((_, i) => marks[i]).map((a) => a.object);
      }
      for (const c of contacts) {
        const marks = new Array(all.length).fill(false);
        for (const r of c.rules) mine.get(r).forEach((m, i) => { marks[i] = marks[i] || m; });
        if (c.hours !== null)
          all.forEach((a, i) => {
            if (a.kind !== SG_OWNER_PREDICATE && a.kind !== SG_OWNER_RULE && a.owner === c.window)
              any[i] = marks[i] = true;
          });
        c.assumptions = all.filter((_, i) => marks[i]).map((a) => a.object);
      }
      this._allAssumptions = all.filter((_, i) => any[i]).map((a) => a.object);
    }

    /* ---- explanations (json/explain.c) ------------------------------------ */

    /* A fact's value as eval --json gives it: a boolean, a number, the text
     * of the others; null when unknown. */
    _factValue(slot) {
      const x = this._x, ptr = x.sg_fact_value(this._ctx, slot, this._scratch, 64);
      if (ptr === 0) return null;
      const text = this._str(ptr), type = x.sg_fact_type(this._rb, slot);
      if (type === 1) return text === 'true';
      if (type === 2) {
        const n = Number(text);
        return Number.isSafeInteger(n) ? n : BigInt(text);
      }
      return text;
    }

    _node(reason, depth, expanded) {
      const x = this._x, rb = this._rb;
      if (reason.kind === SG_REASON_NOW)
        return {kind: 'now', name: 'now',
                value: x.sgw_now_text(this._ctx, this._scratch) ? this._str(this._scratch) : ''};
      if (reason.kind === SG_REASON_FACT)
        return {kind: 'fact', name: this._text0(x.sg_fact_name(rb, reason.index)),
                question: this._opt(x.sg_fact_question(rb, reason.index)),
                value: this._factValue(reason.index)};
      const p = reason.index, truth = x.sg_pred_value(this._ctx, p);
      const o = {kind: x.sg_pred_kind_of(rb, p) === SG_SIGNAL ? 'signal' : 'condition',
                 name: this._text0(x.sg_pred_name(rb, p)),
                 label: this._opt(x.sg_pred_label(rb, p)),
                 citation: this._opt(x.sg_pred_citation(rb, p)),
                 value: truth === SG_UNKNOWN ? null : truth === SG_TRUE};
      if (expanded.has(p)) {
        o.see_above = true;
        o.reasons = [];
        return o;
      }
      expanded.add(p);
      if (depth + 1 >= EXPLAIN_MAX_DEPTH) {
        o.truncated = true;
        o.reasons = [];
        return o;
      }
      o.reasons = this._reasons(0, 0, p).map((inner) => this._node(inner, depth + 1, expanded));
      return o;
    }

    /* {rule, citation, when, unless} of fired rule `r`. */
    _explain(r, rule) {
      const x = this._x, ctx = this._ctx, expanded = new Set();
      const part = (which) => {
        const truth = x.sg_rule_part(ctx, r, which);
        return {value: truth === SG_UNKNOWN ? null : truth === SG_TRUE,
                reasons: this._reasons(r, which, -1).map((reason) => this._node(reason, 0, expanded))};
      };
      const o = {rule: rule.name, citation: rule.citation, when: part(SG_PART_WHEN), unless: null};
      if (x.sg_rule_reasons(ctx, r, SG_PART_UNLESS, 0, 0) > 0) o.unless = part(SG_PART_UNLESS);
      return o;
    }

    /* ---- open questions ---------------------------------------------------- */

    _questions(fact) {
      const x = this._x, ctx = this._ctx;
      let n = x.sg_open_questions(ctx, 0, 0);
      if (n === 0) return [];
      const buf = this._need(x.sgw_alloc(QUESTION_SIZE * n));
      n = Math.min(n, x.sg_open_questions(ctx, buf, n));
      const view = this._view(), out = [];
      for (let i = 0; i < n; i++) {
        const at = buf + QUESTION_SIZE * i, word = (k) => view.getUint32(at + 4 * k, true);
        const f = fact(word(0));
        out.push({fact: f.fact, question: f.question, waiting: word(1), settles_min: word(3),
                  settles_max: word(2), presumed: word(4), changes: word(5),
                  contacts: x.sg_question_contacts(ctx, word(0)),
                  tried: word(7) !== 0, optional: word(6) !== 0});
      }
      x.sgw_free(buf);
      return out;
    }

    /* Free the rulebook and the context; the engine cannot be used after. */
    close() {
      const x = this._x;
      if (this._rb === 0) return;
      x.sg_context_free(this._ctx);
      x.sg_rulebook_free(this._rb);
      for (const p of this._names) x.sgw_free(p);
      [this._scratch, this._text, this._slotBuf, this._reasonBuf].forEach((p) => x.sgw_free(p));
      this._rb = 0;
    }
  }

  /* Load the engine: `options.wasm` and `options.rulebook` are bytes
   * (Uint8Array, ArrayBuffer) or a URL to fetch; either may be left out
   * when globalThis.SignaalWasmData (signaal-data.js, made by make web)
   * holds it in base64, which is how a page opened as a file (no server)
   * gets them. The rulebook is verified as sg_rulebook_load verifies it;
   * a bad one rejects with the loader's message. */
  async function load(options) {
    const opts = options || {};
    const data = root.SignaalWasmData || {};
    const wasm = opts.wasm !== undefined ? await bytesOf(opts.wasm, 'signaal.wasm')
      : data.wasm ? fromBase64(data.wasm) : null;
    const image = opts.rulebook !== undefined ? await bytesOf(opts.rulebook, 'rulebook')
      : data.rulebook ? fromBase64(data.rulebook) : null;
    if (wasm === null) throw new Error('signaal.wasm: give options.wasm or load signaal-data.js');
    if (image === null) throw new Error('rulebook: give options.rulebook or load signaal-data.js');
    const module = await WebAssembly.compile(wasm);
    const instance = await WebAssembly.instantiate(module, importsFor(module));
    const x = instance.exports;
    const buf = x.sgw_alloc(image.length);
    if (buf === 0) throw new Error('signaal.wasm: out of memory');
    new Uint8Array(x.memory.buffer).set(image, buf);
    const rb = x.sgw_load(buf, image.length);
    x.sgw_free(buf);
    if (rb === 0) {
      const at = x.sgw_load_error();
      const bytes = new Uint8Array(x.memory.buffer);
      let end = at;
      while (end < bytes.length && bytes[end] !== 0) end++;
      throw new Error('rulebook: ' + new TextDecoder().decode(bytes.subarray(at, end)));
    }
    return new Engine(instance, rb);
  }

  const api = {load, SignaalCaseError, fromBase64, dutchLocal};
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.SignaalWasm = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
