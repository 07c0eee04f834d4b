/* app.js — the case worker's page: the interview (the most decisive question
 * first), the advice as it settles, the printed report, saving and loading a
 * case. Plain ES2017, no libraries. Every call to the rule engine goes
 * through one small object (`engine`), so that a WebAssembly engine can take
 * the place of the HTTP one (docs/web.md). */
'use strict';

(function () {

  /* ---- the engine --------------------------------------------------------
   * engine.info(), engine.schema(): the rulebook's info and case schema;
   * engine.questions(case, now, optional): {undetermined, questions: [...]};
   * engine.eval(case, now): the outcome JSON of `signaal eval --report json`;
   * engine.report(case, now): the HTML of `signaal eval --report html`;
   * an engine with `printsPage` (engine-local.js, offline) has no report:
   * "Rapport afdrukken" prints the page's advice instead.
   * `case` is the case object (fact name → value, null = onbekend); `now`
   * is YYYY-MM-DDTHH:MM[:SS] in Dutch time. Each returns a promise and
   * rejects with an EngineError. */

  function EngineError(code, message, errors, status) {
    this.code = code;
    this.message = message || '';
    this.errors = errors || [];
    this.status = status || 0;
  }

  function httpEngine(base) {
    function query(params) {
      var parts = [];
      Object.keys(params).forEach(function (key) {
        if (params[key] !== undefined && params[key] !== null && params[key] !== '')
          parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(params[key]));
      });
      return parts.length ? '?' + parts.join('&') : '';
    }

    async function call(method, path, body, asText) {
      var init = { method: method, headers: { 'Accept': asText ? 'text/html' : 'application/json' },
                   cache: 'no-store', credentials: 'same-origin' };
      if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      var response;
      try {
        response = await fetch(base + path, init);
      } catch (e) {
        throw new EngineError('network', '', [], 0);
      }
      var text = await response.text();
      if (!response.ok) {
        var detail = null;
        try { detail = JSON.parse(text).error; } catch (e) { detail = null; }
        if (detail && typeof detail === 'object')
          throw new EngineError(detail.code || 'internal', detail.message, detail.errors, response.status);
        throw new EngineError('internal', '', [], response.status);
      }
      if (asText) return text;
      try {
        return JSON.parse(text);
      } catch (e) {
        throw new EngineError('bad_answer', '', [], response.status);
      }
    }

    return {
      info: function () { return call('GET', '/v1/info'); },
      schema: function () { return call('GET', '/v1/schema'); },
      questions: function (kase, now, optional) {
        return call('POST', '/v1/questions' + query({ now: now, optional: optional ? '1' : null }), kase);
      },
      eval: function (kase, now) { return call('POST', '/v1/eval' + query({ now: now }), kase); },
      report: function (kase, now) {
        return call('POST', '/v1/eval' + query({ now: now, report: 'html' }), kase, true);
      }
    };
  }

  // Another engine (the WebAssembly build's) is a script loaded before this
  // one that sets window.signaalEngine to an object with the same calls.
  var engine = window.signaalEngine || httpEngine('');

  /* ---- Dutch texts -------------------------------------------------------- */

  var ERROR_TEXT = {
    network: 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.',
    bad_json: 'De casus is geen geldige JSON.',
    bad_case: 'De casus past niet bij het regelboek.',
    bad_parameter: 'Een instelling is ongeldig, bijvoorbeeld het moment van beoordeling.',
    not_found: 'De server kent deze opdracht niet.',
    method_not_allowed: 'De server staat deze opdracht niet toe.',
    too_large: 'De casus is te groot voor de server.',
    unsupported_media_type: 'De server neemt dit soort gegevens niet aan.',
    timeout: 'De server deed er te lang over. Probeer het opnieuw.',
    shutting_down: 'De server wordt afgesloten. Probeer het over een ogenblik opnieuw.',
    internal: 'Er ging iets mis in de server.',
    bad_answer: 'Het antwoord van de server was onleesbaar.',
    bad_file: 'Het bestand is geen casus: een casus is één JSON-object van feitnaam naar waarde.',
    no_window: 'Het venster voor het rapport kon niet worden geopend (staat een pop-upblokkering aan?).',
    bad_moment: 'Het moment van beoordeling is ongeldig: gebruik datum en tijd, bijvoorbeeld 2016-11-08T12:00.'
  };

  var WEEKDAYS = ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'];
  var MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus',
                'september', 'oktober', 'november', 'december'];

  /* "2016-11-14T09:00:00" (Dutch local time) → "maandag 14 november 2016, 09:00" */
  function formatMoment(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(text || '');
    if (!m) return text || '';
    var y = +m[1], mo = +m[2], d = +m[3];
    var weekday = WEEKDAYS[new Date(Date.UTC(y, mo - 1, d)).getUTCDay()];
    var out = weekday + ' ' + d + ' ' + MONTHS[mo - 1] + ' ' + y;
    if (m[4] !== undefined) out += ', ' + m[4] + ':' + m[5];
    return out;
  }

  /* The current moment in Europe/Amsterdam, as the CLI's default --now. */
  function amsterdamNow() {
    var date = new Date();
    try {
      var parts = {};
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'
      }).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
      return parts.year + '-' + parts.month + '-' + parts.day + 'T' + parts.hour + ':' +
             parts.minute + ':' + parts.second;
    } catch (e) {
      var pad = function (n) { return (n < 10 ? '0' : '') + n; };
      return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' +
             pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
    }
  }

  var regionNames = null;
  try { regionNames = new Intl.DisplayNames(['nl'], { type: 'region' }); } catch (e) { regionNames = null; }

  function countryName(code) {
    if (!regionNames) return '';
    try {
      var name = regionNames.of(code);
      return name && name !== code ? name : '';
    } catch (e) { return ''; }
  }

  /* ---- the page's state --------------------------------------------------- */

  var state = {
    facts: {},        // fact name → {question, type, values, country, optional}
    kase: {},         // the case: fact name → value (null = onbekend)
    order: [],        // the facts answered, in the order they were answered
    optional: false,  // the optional questions are asked too
    editing: null,    // the fact whose answer is being changed, or null
    current: null,    // the question shown (from engine.questions), or null
    seq: 0,           // the latest refresh; older answers are dropped
    info: null
  };

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else if (key === 'onClick') node.addEventListener('click', attrs[key]);
      else if (key === 'className') node.className = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false)
        node.setAttribute(key, attrs[key] === true ? '' : attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* A fact's question, answer type and values, read from the case schema. */
  function factFromSchema(name, property) {
    var types = [].concat(property.type || []);
    var fact = { fact: name, question: property.description || name, type: 'text', values: null,
                 country: /ISO 3166/.test(property.$comment || ''),
                 optional: property['x-signaal-optional'] === true };
    if (Array.isArray(property.enum)) {
      fact.type = 'enum';
      fact.values = property.enum.filter(function (v) { return v !== null; });
    } else if (types.indexOf('boolean') >= 0) fact.type = 'bool';
    else if (types.indexOf('integer') >= 0) fact.type = 'int';
    else if (property.format === 'date') fact.type = 'date';
    else if (property.format === 'date-time' || /T\[0-9\]/.test(property.pattern || '')) fact.type = 'datetime';
    return fact;
  }

  /* A question of engine.questions, completed from the schema. */
  function questionFor(q) {
    var known = state.facts[q.fact] || {};
    return { fact: q.fact, question: q.question || known.question || q.fact,
             type: q.type || known.type || 'text', values: q.values || known.values || null,
             country: !!known.country, optional: !!q.optional };
  }

  function valueText(fact, value) {
    if (value === null || value === undefined) return 'onbekend';
    if (value === true) return 'ja';
    if (value === false) return 'nee';
    var info = state.facts[fact];
    if (info && info.country) {
      var name = countryName(value);
      return name ? name + ' (' + value + ')' : String(value);
    }
    if (info && info.type === 'enum') return String(value).replace(/_/g, ' ');
    if (info && (info.type === 'datetime' || info.type === 'date')) return formatMoment(String(value));
    return String(value);
  }

  /* ---- errors ------------------------------------------------------------- */

  /* Show an engine's error ({code, message, errors, status}: an EngineError
   * or another engine's) in Dutch; anything else as an internal error. */
  function showError(error) {
    var box = $('fout');
    box.textContent = '';
    var known = !!error && typeof error.code === 'string';
    var code = known ? error.code : 'internal';
    var records = known && Array.isArray(error.errors) ? error.errors : [];
    box.appendChild(el('p', { className: 'fout-kop', text: 'Fout: ' + (ERROR_TEXT[code] || ERROR_TEXT.internal) }));
    if (known && (error.message || error.status)) {
      box.appendChild(el('p', { text: 'Melding' + (error.status ? ' van de server (' + error.status + ', ' + code + ')' : '') +
                                      (error.message ? ': ' + error.message : '') }));
    }
    if (records.length) {
      var list = el('ul');
      records.forEach(function (e) {
        var where = [];
        if (e.fact) where.push('feit ' + e.fact);
        if (e.line) where.push('regel ' + e.line + (e.column ? ', kolom ' + e.column : ''));
        list.appendChild(el('li', { text: (where.length ? where.join(', ') + ': ' : '') + (e.message || '') }));
      });
      box.appendChild(list);
    }
    if (!known && window.console) console.error(error);
    box.hidden = false;
  }

  function clearError() {
    $('fout').hidden = true;
    $('fout').textContent = '';
  }

  /* ---- the moment of evaluation ------------------------------------------- */

  function moment() {
    var value = $('moment').value;
    if (value === '') {
      value = amsterdamNow();
      $('moment').value = value;
    }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) throw new EngineError('bad_moment');
    return value;
  }

  /* ---- the question ------------------------------------------------------- */

  function answerControl(q, value) {
    var hint = null, input;
    if (q.type === 'enum') {
      input = el('select', { id: 'antwoord', name: 'antwoord' });
      input.appendChild(el('option', { value: '', text: '— kies een antwoord —' }));
      var options = q.values.map(function (v) {
        var name = q.country ? countryName(v) : '';
        return { value: v, text: name ? name + ' (' + v + ')' : String(v).replace(/_/g, ' ') };
      });
      if (q.country) options.sort(function (a, b) { return a.text.localeCompare(b.text, 'nl'); });
      options.forEach(function (o) {
        input.appendChild(el('option', { value: o.value, text: o.text, selected: o.value === value }));
      });
    } else if (q.type === 'int') {
      input = el('input', { id: 'antwoord', name: 'antwoord', type: 'number', step: '1', inputmode: 'numeric',
                            value: typeof value === 'number' ? String(value) : null });
      hint = 'Een geheel getal.';
    } else if (q.type === 'date') {
      input = el('input', { id: 'antwoord', name: 'antwoord', type: 'date', value: typeof value === 'string' ? value : null });
      hint = 'Een datum.';
    } else if (q.type === 'datetime') {
      input = el('input', { id: 'antwoord', name: 'antwoord', type: 'datetime-local',
                            value: typeof value === 'string' ? value : null });
      hint = 'Datum en tijd, Nederlandse tijd.';
    } else {
      input = el('input', { id: 'antwoord', name: 'antwoord', type: 'text', value: typeof value === 'string' ? value : null });
    }
    if (hint) input.setAttribute('aria-describedby', 'antwoord-uitleg');
    var label = el('label', { 'for': 'antwoord', className: 'vraagtekst' },
                   [q.question, q.optional ? el('span', { className: 'optioneel', text: ' (optioneel)' }) : null]);
    return el('div', { className: 'veld' },
              [label, input, hint ? el('p', { id: 'antwoord-uitleg', className: 'uitleg', text: hint }) : null]);
  }

  function boolControl(q, value) {
    var choices = [['true', 'Ja', value === true], ['false', 'Nee', value === false],
                   ['null', 'Onbekend', value === null]];
    var fieldset = el('fieldset', null, [
      el('legend', { className: 'vraagtekst' },
         [q.question, q.optional ? el('span', { className: 'optioneel', text: ' (optioneel)' }) : null])
    ]);
    choices.forEach(function (c, i) {
      var id = 'antwoord-' + c[0];
      fieldset.appendChild(el('div', { className: 'keuze' }, [
        el('input', { type: 'radio', name: 'antwoord', id: id, value: c[0], checked: c[2] }),
        el('label', { 'for': id, text: c[1] })
      ]));
    });
    return fieldset;
  }

  /* Show question q (null: none left); value: its answer so far when changing one. */
  function showQuestion(q, value, editing) {
    var form = $('vraag');
    form.textContent = '';
    state.current = q;
    state.editing = editing ? q.fact : null;
    if (!q) {
      form.hidden = true;
      return;
    }
    form.hidden = false;
    form.setAttribute('data-fact', q.fact);
    form.appendChild(q.type === 'bool' ? boolControl(q, value) : answerControl(q, value));
    form.appendChild(el('p', { id: 'vraag-fout', className: 'fout-tekst', 'aria-live': 'assertive' }));
    var change = editing && Object.prototype.hasOwnProperty.call(state.kase, q.fact);
    var buttons = el('div', { className: 'knoppen' }, [
      el('button', { type: 'submit', id: 'antwoord-geven', text: change ? 'Antwoord wijzigen' : 'Antwoord geven' })
    ]);
    if (q.type !== 'bool')
      buttons.appendChild(el('button', { type: 'button', id: 'onbekend', text: 'Onbekend',
                                         onClick: function () { answer(null); } }));
    if (editing)
      buttons.appendChild(el('button', { type: 'button', id: 'annuleren', text: 'Annuleren',
                                         onClick: function () { state.editing = null; refresh(true); } }));
    else if (state.order.length)
      buttons.appendChild(el('button', { type: 'button', id: 'vorige', text: 'Vorige vraag wijzigen',
                                         onClick: function () { edit(state.order[state.order.length - 1]); } }));
    form.appendChild(buttons);
  }

  function focusQuestion() {
    var form = $('vraag');
    var target = null;
    if (!form.hidden) {
      target = form.querySelector('input[type=radio]:checked') || form.querySelector('input, select');
    }
    if (!target && !$('optioneel').hidden) target = $('optioneel-knop');
    if (!target) target = $('vraag-kop');
    target.focus();
  }

  /* The answer in the form: {ok, value} or {ok: false, message}. */
  function readAnswer(q) {
    var form = $('vraag');
    if (q.type === 'bool') {
      var checked = form.querySelector('input[name=antwoord]:checked');
      if (!checked) return { ok: false, message: 'Kies ja, nee of onbekend.' };
      return { ok: true, value: checked.value === 'null' ? null : checked.value === 'true' };
    }
    var raw = $('antwoord').value.trim();
    if (raw === '') return { ok: false, message: 'Geef een antwoord, of kies Onbekend.' };
    if (q.type === 'int') {
      if (!/^-?\d+$/.test(raw)) return { ok: false, message: 'Geef een geheel getal, of kies Onbekend.' };
      return { ok: true, value: parseInt(raw, 10) };
    }
    if (q.type === 'datetime') {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(raw))
        return { ok: false, message: 'Geef datum en tijd, of kies Onbekend.' };
      return { ok: true, value: raw.length > 16 && raw.slice(16) === ':00' ? raw.slice(0, 16) : raw };
    }
    if (q.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(raw))
      return { ok: false, message: 'Geef een datum, of kies Onbekend.' };
    return { ok: true, value: raw };
  }

  function answer(value) {
    var q = state.current;
    if (!q) return;
    state.kase[q.fact] = value;
    if (state.order.indexOf(q.fact) < 0) state.order.push(q.fact);
    state.editing = null;
    refresh(true);
  }

  function onSubmit(event) {
    event.preventDefault();
    var q = state.current;
    if (!q) return;
    var result = readAnswer(q);
    if (!result.ok) {
      $('vraag-fout').textContent = result.message;
      var first = $('vraag').querySelector('input, select');
      if (first) first.focus();
      return;
    }
    answer(result.value);
  }

  /* Change the answer to fact `name`. */
  function edit(name) {
    var info = state.facts[name] || { fact: name, question: name, type: 'text' };
    showQuestion(questionFor({ fact: name, optional: info.optional }), state.kase[name], true);
    $('optioneel').hidden = true;
    $('voortgang').textContent = Object.prototype.hasOwnProperty.call(state.kase, name)
      ? 'U wijzigt een eerder antwoord.' : 'U vult een gegeven in dat nog niet gevraagd is.';
    focusQuestion();
  }

  /* ---- the answers given -------------------------------------------------- */

  function showAnswers() {
    var list = $('antwoorden');
    list.textContent = '';
    state.order.forEach(function (name) {
      var info = state.facts[name] || { question: name };
      list.appendChild(el('li', { 'data-fact': name }, [
        el('span', { className: 'vraagtekst', text: info.question }), ' ',
        el('strong', { className: 'waarde', text: valueText(name, state.kase[name]) }), ' ',
        el('button', { type: 'button', className: 'wijzig', 'data-fact': name,
                       'aria-label': 'Wijzigen: ' + info.question, text: 'Wijzigen',
                       onClick: function () { edit(name); } })
      ]));
    });
    $('geen-antwoorden').hidden = state.order.length > 0;
    // the facts not in the case yet, for "Een ander gegeven invullen"
    var other = $('ander-feit');
    var chosen = other.value;
    other.textContent = '';
    other.appendChild(el('option', { value: '', text: '— kies een gegeven —' }));
    Object.keys(state.facts).forEach(function (name) {
      if (Object.prototype.hasOwnProperty.call(state.kase, name)) return;
      other.appendChild(el('option', { value: name, text: state.facts[name].question, selected: name === chosen }));
    });
  }

  /* ---- the advice --------------------------------------------------------- */

  function actorLabel(name) {
    var actors = (state.info && state.info.actors) || [];
    for (var i = 0; i < actors.length; i++) if (actors[i].name === name) return actors[i].label || name;
    return name || '';
  }

  function itemList(items, kind, marker) {
    if (!items || !items.length) return el('p', { className: 'geen', text: 'Geen.' });
    var list = el('ul', { className: 'items ' + kind });
    items.forEach(function (item) {
      list.appendChild(el('li', { 'data-rule': item.rule }, [
        el('p', { className: 'kop' }, [
          marker ? el('span', { className: 'merk', text: marker + ': ' }) : null,
          el('strong', { text: item.label || item.rule }),
          item.actor ? el('span', { className: 'wie', text: ' — ' + actorLabel(item.actor) }) : null
        ]),
        el('p', { className: 'tekst', text: item.text || '' }),
        item.citation ? el('p', { className: 'bron', text: 'Bron: ' + item.citation }) : null
      ]));
    });
    return list;
  }

  function fieldName(key) {
    var text = key.replace(/_/g, ' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function contactList(contacts) {
    if (!contacts || !contacts.length) return el('p', { className: 'geen', text: 'Geen.' });
    var list = el('ul', { className: 'contacten' });
    contacts.forEach(function (c) {
      var fields = c.fields || {};
      var details = el('dl');
      Object.keys(fields).forEach(function (key) {
        if (key === 'naam' || fields[key] === null || fields[key] === '') return;
        details.appendChild(el('dt', { text: fieldName(key) }));
        details.appendChild(el('dd', { text: String(fields[key]) }));
      });
      var reach;
      if (c.open_now === true)
        reach = el('p', { className: 'bereik open', text: 'Nu bereikbaar (op het moment van beoordeling).' });
      else if (c.open_now === false)
        reach = el('p', { className: 'bereik dicht',
                          text: 'Nu niet bereikbaar' + (c.opens ? '; weer bereikbaar vanaf ' + formatMoment(c.opens) : '') + '.' });
      else
        reach = el('p', { className: 'bereik', text: 'Geen openingstijden bekend in het regelboek.' });
      var rules = (c.rules || []).map(function (r) { return r.label || r.rule; });
      var waiting = null;
      if (c.waiting_for && c.waiting_for.length) {
        reach = el('p', { className: 'bereik', text: 'Welk contact precies, hangt af van:' });
        waiting = el('ul', { className: 'wacht' });
        c.waiting_for.forEach(function (w) {
          var question = w.question || w.fact;
          waiting.appendChild(el('li', { 'data-fact': w.fact }, [question, ' ',
            el('button', { type: 'button', className: 'beantwoord', 'aria-label': 'Beantwoorden: ' + question,
                           text: 'Beantwoorden', onClick: function () { edit(w.fact); } })]));
        });
      }
      list.appendChild(el('li', { 'data-contact': c.key || '', 'data-table': c.table }, [
        el('h4', { className: 'naam', text: fields.naam || c.key || 'Contact uit de tabel ' + c.table }),
        reach,
        waiting,
        details,
        rules.length ? el('p', { className: 'bron', text: 'Genoemd bij: ' + rules.join('; ') }) : null,
        c.checked ? el('p', { className: 'bron', text: 'Gegevens gecontroleerd op: ' + formatMoment(c.checked) }) : null
      ]));
    });
    return list;
  }

  function undeterminedList(items) {
    if (!items || !items.length) return el('p', { className: 'geen', text: 'Alle regels zijn beslist.' });
    var list = el('ul', { className: 'onbeslist' });
    items.forEach(function (item) {
      var waiting = el('ul', { className: 'wacht' });
      (item.waiting_for || []).forEach(function (w) {
        waiting.appendChild(el('li', { 'data-fact': w.fact, text: w.question || w.fact }));
      });
      list.appendChild(el('li', { 'data-rule': item.rule }, [
        el('p', { className: 'kop' }, [el('strong', { text: item.label || item.rule }),
                                        item.actor ? el('span', { className: 'wie', text: ' — ' + actorLabel(item.actor) }) : null]),
        (item.waiting_for || []).length ? el('p', { text: 'Wacht op het antwoord op:' }) : null,
        (item.waiting_for || []).length ? waiting : null
      ]));
    });
    return list;
  }

  function showAdvice(out) {
    var box = $('advies');
    box.textContent = '';
    var n = function (a) { return (a || []).length; };
    var section = function (id, title, content) {
      box.appendChild(el('section', { id: id, 'aria-labelledby': id + '-kop' }, [
        el('h3', { id: id + '-kop', text: title }), content]));
    };
    section('dringend', 'Dringend (' + n(out.urgent) + ')', itemList(out.urgent, 'dringend', 'Dringend'));
    section('aanbevelingen', 'Aanbevelingen (' + n(out.recommendations) + ')', itemList(out.recommendations, 'aanbeveling'));
    section('aandachtspunten', 'Aandachtspunten (' + n(out.attention) + ')', itemList(out.attention, 'aandachtspunt', 'Let op'));
    section('contacten', 'Contacten (' + n(out.contacts) + ')', contactList(out.contacts));
    var undetermined = el('h3', { id: 'onbeslist-kop' }, ['Nog onbeslist (', el('span', { id: 'onbeslist-aantal', text: String(n(out.undetermined)) }), ')']);
    box.appendChild(el('section', { id: 'onbeslist', 'aria-labelledby': 'onbeslist-kop' }, [undetermined, undeterminedList(out.undetermined)]));
    var rb = out.rulebook || {};
    var details = el('dl', { className: 'regelboek' });
    [['Regelboek', rb.title], ['Editie', rb.version], ['Afspraken van kracht sinds', rb.effective ? formatMoment(rb.effective) : ''],
     ['Moment van beoordeling', formatMoment(out.now)], ['Beslisdatum (afspraken van)', out.as_of ? formatMoment(out.as_of) : ''],
     ['Hash van het regelboek (SHA-256)', rb.bytecode_sha256]].forEach(function (row) {
      if (!row[1]) return;
      details.appendChild(el('dt', { text: row[0] }));
      details.appendChild(el('dd', null, [row[0].indexOf('Hash') === 0 ? el('code', { id: 'regelboek-hash', text: row[1] }) : row[1]]));
    });
    section('verantwoording-advies', 'Regelboek', details);
    $('advies-status').textContent = 'Advies bijgewerkt: ' + n(out.urgent) + ' dringend, ' +
      n(out.recommendations) + ' aanbevelingen, ' + n(out.attention) + ' aandachtspunten, ' +
      n(out.contacts) + ' contacten, ' + n(out.undetermined) + ' nog onbeslist.';
  }

  /* ---- asking the engine -------------------------------------------------- */

  async function refresh(focus) {
    var seq = ++state.seq;
    clearError();
    $('advies').setAttribute('aria-busy', 'true');
    showAnswers();
    try {
      var now = moment();
      var kase = Object.assign({}, state.kase);
      var results = await Promise.all([engine.questions(kase, now, state.optional), engine.eval(kase, now)]);
      var asked = results[0], out = results[1];
      var optionalLeft = 0;
      if (!asked.questions.length && !state.optional) {
        var withOptional = await engine.questions(kase, now, true);
        optionalLeft = withOptional.questions.length;
      }
      if (seq !== state.seq) return;
      showAdvice(out);
      if (state.editing === null) {
        var next = asked.questions.length ? questionFor(asked.questions[0]) : null;
        showQuestion(next, undefined, false);
        $('voortgang').textContent = next
          ? 'Nog ' + asked.questions.length + (asked.questions.length === 1 ? ' vraag' : ' vragen') +
            ' die het advies kunnen veranderen; de belangrijkste eerst.'
          : 'Er zijn geen vragen meer die het advies kunnen veranderen.';
        $('optioneel').hidden = optionalLeft === 0;
        $('optioneel-tekst').textContent = optionalLeft
          ? 'Er ' + (optionalLeft === 1 ? 'is nog 1 optionele vraag' : 'zijn nog ' + optionalLeft + ' optionele vragen') +
            ' over de achtergrond.' : '';
      }
      if (focus) focusQuestion();
    } catch (error) {
      if (seq === state.seq) showError(error);
    } finally {
      if (seq === state.seq) {
        $('advies').removeAttribute('aria-busy');
        document.body.setAttribute('data-seq', String(seq));
      }
    }
  }

  /* ---- the report --------------------------------------------------------- */

  /* Open the report of `eval --report html` in a new window and print it.
   * The window inherits this page's Content-Security-Policy, which refuses
   * the report's own <style>: the style is applied as a constructed style
   * sheet instead (CSSOM, which the policy allows). */
  async function printReport() {
    clearError();
    if (engine.printsPage) {
      // an engine without the CLI's report (the WebAssembly one, offline):
      // the page's own advice, through its print style sheet
      window.print();
      return;
    }
    var report = window.open('', '_blank');
    if (!report) { showError(new EngineError('no_window')); return; }
    report.document.title = 'Rapport wordt gemaakt…';
    var html;
    try {
      html = await engine.report(Object.assign({}, state.kase), moment());
    } catch (error) {
      report.close();
      showError(error);
      return;
    }
    // (the style is taken out of the text before it is parsed: a parsed
    // <style> already counts as inline style for the policy)
    var css = [];
    html = html.replace(/<style[^>]*>([\s\S]*?)<\/style>/gi, function (all, text) { css.push(text); return ''; });
    css = css.join('\n');
    var doc = new DOMParser().parseFromString(html, 'text/html');
    Array.prototype.forEach.call(doc.querySelectorAll('script, link, meta[http-equiv]'), function (node) {
      node.parentNode.removeChild(node);
    });
    report.document.open();
    report.document.write('<!DOCTYPE html>\n' + doc.documentElement.outerHTML);
    report.document.close();
    try {
      var sheet = new report.CSSStyleSheet();
      sheet.replaceSync(css);
      report.document.adoptedStyleSheets = [sheet];
    } catch (e) { /* an older browser: the report unstyled, still complete */ }
    report.focus();
    report.print();
  }

  /* ---- saving and loading the case ---------------------------------------- */

  function saveCase() {
    var ordered = {};
    state.order.forEach(function (name) { if (name in state.kase) ordered[name] = state.kase[name]; });
    Object.keys(state.kase).forEach(function (name) { if (!(name in ordered)) ordered[name] = state.kase[name]; });
    var blob = new Blob([JSON.stringify(ordered, null, 2) + '\n'], { type: 'application/json' });
    var url = URL.createObjectURL(blob);
    var link = el('a', { href: url, download: 'casus-' + moment().replace(/[-:]/g, '').replace('T', '-') + '.json' });
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function loadCase(event) {
    var file = event.target.files && event.target.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var kase;
      try { kase = JSON.parse(reader.result); } catch (e) { kase = null; }
      event.target.value = '';
      if (!kase || typeof kase !== 'object' || Array.isArray(kase)) {
        showError(new EngineError('bad_file'));
        return;
      }
      // a case the rulebook refuses is not taken: the error, and the case
      // so far stays
      clearError();
      var check;
      try {
        check = engine.eval(kase, moment());
      } catch (error) {
        check = Promise.reject(error);
      }
      check.then(function () {
        state.kase = kase;
        state.order = Object.keys(kase);
        state.optional = false;
        state.editing = null;
        refresh(true);
      }, function (error) {
        showError(error);
        document.body.setAttribute('data-seq', String(++state.seq));
      });
    };
    reader.onerror = function () { showError(new EngineError('bad_file')); };
    reader.readAsText(file);
  }

  function newCase() {
    state.kase = {};
    state.order = [];
    state.optional = false;
    state.editing = null;
    $('moment').value = amsterdamNow();
    refresh(true);
  }

  /* ---- start -------------------------------------------------------------- */

  async function start() {
    $('vraag').addEventListener('submit', onSubmit);
    $('ander-knop').addEventListener('click', function () {
      if ($('ander-feit').value) edit($('ander-feit').value);
      else $('ander-feit').focus();
    });
    $('moment').addEventListener('change', function () { refresh(false); });
    $('moment-nu').addEventListener('click', function () { $('moment').value = amsterdamNow(); refresh(false); });
    $('opslaan').addEventListener('click', saveCase);
    $('laden').addEventListener('change', loadCase);
    $('nieuw').addEventListener('click', newCase);
    $('afdrukken').addEventListener('click', printReport);
    $('optioneel-knop').addEventListener('click', function () { state.optional = true; refresh(true); });
    $('moment').value = amsterdamNow();
    if (engine.printsPage) {
      $('afdrukken').textContent = 'Advies afdrukken';
      $('afdrukken-uitleg').hidden = false;
    }
    try {
      var loaded = await Promise.all([engine.info(), engine.schema()]);
      state.info = loaded[0];
      var properties = loaded[1].properties || {};
      Object.keys(properties).forEach(function (name) { state.facts[name] = factFromSchema(name, properties[name]); });
      $('titel').textContent = state.info.title || 'Signaal';
      document.title = 'Signaal — ' + (state.info.title || 'advies');
      $('regelboek').textContent = 'Afspraken: editie ' + state.info.version +
        (state.info.effective ? ', van kracht sinds ' + formatMoment(state.info.effective) : '') + '.';
    } catch (error) {
      showError(error);
      return;
    }
    await refresh(false);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
