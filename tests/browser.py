#!/usr/bin/python3
"""browser.py — drive the case worker's page (web/) in headless Chromium
through the DevTools protocol, as tests/browser.sh asks:

    browser.py --base URL --signaal BUILD/signaal --rules RULES CASE.json...

For each bundled case: a whole interview by keyboard (every question the page
shows answered with the case's value, or "onbekend" when the case does not
know it; the optional questions when the page offers them), then the advice
shown must be what `signaal eval RULES --facts CASE --now NOW --report json`
says at the example's moment (rules/uitbuiting/voorbeelden.rules): the
urgent items', recommendations' and attention points' texts in order, the
contacts and whether each is reachable now, the undetermined count, the
rulebook's hash. "Rapport afdrukken" must open the report of `--report html`
in a new window, styled; the case saved must be the page's, a case that does
not fit refused in Dutch, the saved one loaded back. Along the way the accessibility checks
(accessibility_problems below) and, at the end, that no request left the
server's origin and that the page logged no error (a Content-Security-Policy
violation is one).

Prints "ok NAME" or "** NAME: why" per test, then "N passed, N failed".
Every wait is bounded. Needs python3-websocket (Debian) and chromium.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import websocket  # python3-websocket
except ImportError:
    websocket = None

WAIT = 20.0  # seconds for any one thing the page does


class Failure(Exception):
    pass


class Browser:
    """Headless Chromium and one DevTools connection (flattened sessions)."""

    def __init__(self, chromium):
        self.profile = tempfile.mkdtemp(prefix='signaal-chromium.')
        self.proc = subprocess.Popen(
            [chromium, '--headless=new', '--no-sandbox', '--remote-debugging-port=0',
             '--user-data-dir=' + self.profile, '--no-first-run', '--no-default-browser-check',
             '--disable-gpu', '--disable-extensions', '--disable-sync', '--disable-default-apps',
             '--disable-background-networking', '--disable-component-update', '--lang=nl',
             '--window-size=1200,900', 'about:blank'],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        port_file = os.path.join(self.profile, 'DevToolsActivePort')
        deadline = time.time() + 30
        lines = []
        while time.time() < deadline:
            if os.path.exists(port_file):
                with open(port_file) as f:
                    lines = f.read().split('\n')
                if len(lines) >= 2 and lines[1]:
                    break
            if self.proc.poll() is not None:
                raise Failure('chromium exited with status %d' % self.proc.returncode)
            time.sleep(0.1)
        else:
            raise Failure('chromium wrote no DevToolsActivePort in 30 s')
        self.ws = websocket.create_connection('ws://127.0.0.1:%s%s' % (lines[0], lines[1]), timeout=WAIT)
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _receive(self, deadline):
        self.ws.settimeout(max(0.05, deadline - time.time()))
        try:
            return json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None

    def send(self, method, params=None, session=None, timeout=WAIT):
        self.next_id += 1
        message = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session:
            message['sessionId'] = session
        self.ws.send(json.dumps(message))
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = self._receive(deadline)
            if reply is None:
                continue
            if reply.get('id') == self.next_id:
                if 'error' in reply:
                    raise Failure('%s: %s' % (method, reply['error'].get('message')))
                return reply.get('result', {})
            if 'method' in reply:
                self.events.append(reply)
        raise Failure('no answer to %s in %.0f s' % (method, timeout))

    def wait_event(self, predicate, timeout=WAIT, what='an event'):
        deadline = time.time() + timeout
        while True:
            for i, event in enumerate(self.events):
                if predicate(event):
                    return self.events.pop(i)
            if time.time() >= deadline:
                raise Failure('waited %.0f s for %s' % (timeout, what))
            reply = self._receive(deadline)
            if reply is not None and 'method' in reply:
                self.events.append(reply)

    def drain(self):
        """Read the events that arrived (without waiting long)."""
        deadline = time.time() + 0.05
        while True:
            reply = self._receive(deadline)
            if reply is None:
                return
            if 'method' in reply:
                self.events.append(reply)


class Page:
    """One tab: evaluate JavaScript, press keys, wait for the page."""

    def __init__(self, browser, session, target):
        self.b = browser
        self.session = session
        self.target = target
        self.requests = []   # every URL the page asked for
        self.last_eval = None  # the body of the page's last POST /v1/eval: its case
        self.offline = False   # the page opened as a file: its engine records the case (RECORDER)
        self.problems = []   # console errors, exceptions, CSP violations

    def call(self, method, params=None, timeout=WAIT):
        return self.b.send(method, params, self.session, timeout)

    def js(self, expression, timeout=WAIT):
        result = self.call('Runtime.evaluate', {'expression': expression, 'returnByValue': True,
                                                'awaitPromise': True}, timeout)
        if 'exceptionDetails' in result:
            raise Failure('JavaScript failed: %s' % json.dumps(result['exceptionDetails'])[:500])
        return result['result'].get('value')

    def wait_for(self, expression, what, timeout=WAIT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise Failure('waited %.0f s for %s' % (timeout, what))

    def key(self, name):
        codes = {'Tab': 9, 'Enter': 13, 'Space': 32, 'ArrowDown': 40, 'ArrowUp': 38}
        text = {'Enter': '\r', 'Space': ' '}.get(name)
        base = {'key': ' ' if name == 'Space' else name, 'code': name,
                'windowsVirtualKeyCode': codes[name], 'nativeVirtualKeyCode': codes[name]}
        down = dict(base, type='keyDown' if text else 'rawKeyDown')
        if text:
            down['text'] = text
        self.call('Input.dispatchKeyEvent', down)
        self.call('Input.dispatchKeyEvent', dict(base, type='keyUp'))

    def active(self):
        return self.js('(function(){var a=document.activeElement;return a?(a.id||a.tagName):null;})()')

    def tab_to(self, element_id, limit=40):
        """Press Tab until the element with this id has the focus."""
        for _ in range(limit):
            if self.active() == element_id:
                return
            self.key('Tab')
        raise Failure('%d Tabs did not reach #%s (focus on %s)' % (limit, element_id, self.active()))

    def collect(self):
        self.b.drain()
        keep = []
        for event in self.b.events:
            if event.get('sessionId') != self.session:
                keep.append(event)
                continue
            method, params = event['method'], event.get('params', {})
            if method == 'Network.requestWillBeSent':
                request = params['request']
                self.requests.append(request['url'])
                if request['method'] == 'POST' and '/v1/eval' in request['url'] and 'report=' not in request['url']:
                    body = request.get('postData')
                    if body is None and request.get('hasPostData'):
                        body = self.call('Network.getRequestPostData', {'requestId': params['requestId']})['postData']
                    self.last_eval = body
            elif method == 'Runtime.exceptionThrown':
                self.problems.append('exception: ' + json.dumps(params['exceptionDetails'])[:300])
            elif method == 'Log.entryAdded' and params['entry'].get('level') == 'error':
                entry = params['entry']
                # the browser asks for /favicon.ico by itself; the page has none
                if not entry.get('url', '').endswith('/favicon.ico'):
                    self.problems.append('log: %s (%s:%s)' % (entry.get('text', '')[:300], entry.get('url', ''),
                                                               entry.get('lineNumber', '')))
            elif method == 'Runtime.consoleAPICalled' and params.get('type') == 'error':
                self.problems.append('console.error: ' + json.dumps(params.get('args'))[:300])
            else:
                keep.append(event)
        self.b.events = keep
        if self.offline:
            self.last_eval = self.js('window.signaalLastEval || null')


def attach(browser, target_id, offline=False):
    session = browser.send('Target.attachToTarget', {'targetId': target_id, 'flatten': True})['sessionId']
    page = Page(browser, session, target_id)
    for domain in ('Network', 'Runtime', 'Log', 'Page'):
        page.call(domain + '.enable')
    if offline:
        page.offline = True
        page.call('Page.addScriptToEvaluateOnNewDocument', {'source': RECORDER})
    return page


# Offline (a page opened as a file, its engine in the page): no request
# carries the case, so the engine engine-local.js sets is watched: the case
# of its last eval() kept as JSON (what the body of POST /v1/eval is to the
# served page), and window.print counted instead of opening the dialog.
RECORDER = r'''
(function () {
  var engine;
  window.signaalLastEval = null;
  window.signaalPrinted = 0;
  window.print = function () { window.signaalPrinted++; };
  Object.defineProperty(window, 'signaalEngine', {
    configurable: true,
    get: function () { return engine; },
    set: function (given) {
      var evaluate = given.eval;
      given.eval = function (kase) {
        window.signaalLastEval = JSON.stringify(kase);
        return evaluate.apply(given, arguments);
      };
      engine = given;
    }
  });
})();
'''


# The accessibility checks, run in the page: a list of problems.
ACCESSIBILITY = r'''
(function () {
  var problems = [];
  function visible(e) {
    if (!e.getClientRects().length) return false;
    var s = getComputedStyle(e);
    return s.visibility !== 'hidden' && s.display !== 'none';
  }
  function name(e) { return e.id ? '#' + e.id : e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''); }
  if (document.documentElement.lang !== 'nl') problems.push('html lang is "' + document.documentElement.lang + '", not nl');
  // every input and select has a label; every radio group a fieldset with a legend
  document.querySelectorAll('input, select, textarea').forEach(function (e) {
    if (e.type === 'hidden') return;
    var labelled = (e.labels && Array.prototype.some.call(e.labels, function (l) { return l.textContent.trim() !== ''; })) ||
                   e.getAttribute('aria-labelledby');
    if (!labelled) problems.push(name(e) + ' has no label');
    if (e.type === 'radio') {
      var fs = e.closest('fieldset');
      if (!fs || !fs.querySelector('legend') || fs.querySelector('legend').textContent.trim() === '')
        problems.push('radio ' + name(e) + ' is in no fieldset with a legend');
    }
  });
  document.querySelectorAll('button').forEach(function (e) {
    if ((e.textContent.trim() === '') && !e.getAttribute('aria-label')) problems.push(name(e) + ' has no name');
  });
  // headings in order: no level skipped
  var last = 0;
  document.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach(function (h) {
    if (!visible(h)) return;
    var level = +h.tagName[1];
    if (level > last + 1) problems.push(h.tagName + ' "' + h.textContent.trim().slice(0, 40) + '" follows h' + last);
    last = level;
  });
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  // contrast of every visible text (WCAG 2.1 relative luminance)
  function rgba(text) {
    var m = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(text);
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : [0, 0, 0, 0];
  }
  function background(e) {
    var layers = [];
    for (var n = e; n && n.nodeType === 1; n = n.parentElement) {
      var c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    var out = [255, 255, 255];
    for (var i = layers.length - 1; i >= 0; i--) {
      var a = layers[i][3];
      out = [0, 1, 2].map(function (k) { return layers[i][k] * a + out[k] * (1 - a); });
    }
    return out;
  }
  function luminance(c) {
    var v = c.slice(0, 3).map(function (x) {
      x /= 255;
      return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  var checked = 0;
  document.querySelectorAll('body *').forEach(function (e) {
    var own = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim() !== ''; });
    if (!own && !(e.matches('input, select') && e.type !== 'radio' && e.type !== 'file' && e.value)) return;
    if (!visible(e) || e.closest('option')) return;
    var s = getComputedStyle(e);
    var fg = rgba(s.color), bg = background(e);
    var blended = [0, 1, 2].map(function (k) { return fg[k] * fg[3] + bg[k] * (1 - fg[3]); });
    var l1 = luminance(blended), l2 = luminance(bg);
    var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    checked++;
    if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ':1 < 4.5:1 for ' + name(e) + ' "' +
                                   (e.textContent || e.value).trim().slice(0, 40) + '"');
  });
  if (checked < 5) problems.push('contrast: only ' + checked + ' texts found');
  // nothing positive in tabindex; no onclick on what is not a control
  document.querySelectorAll('[tabindex]').forEach(function (e) {
    if (+e.getAttribute('tabindex') > 0) problems.push(name(e) + ' has tabindex > 0');
  });
  document.querySelectorAll('[onclick], [onmousedown], [onmouseover], [ondblclick]').forEach(function (e) {
    problems.push(name(e) + ' has a mouse handler attribute');
  });
  return problems;
})()
'''

# The controls a keyboard must reach: one entry per radio group.
CONTROLS = r'''
(function () {
  var out = [], groups = {}, count = 0;
  document.querySelectorAll('a[href], button, input, select, textarea').forEach(function (e) {
    if (e.disabled || !e.getClientRects().length || getComputedStyle(e).visibility === 'hidden') return;
    count++;
    var key = e.type === 'radio' ? 'radio:' + e.name : (e.id || e.tagName + ':' + e.textContent.trim());
    if (groups[key]) return;
    groups[key] = 1;
    out.push(key);
  });
  return { keys: out, count: count };
})()
'''

FOCUSED = r'''
(function () {
  var e = document.activeElement;
  if (!e || e === document.body) return null;
  var s = getComputedStyle(e);
  return { key: e.type === 'radio' ? 'radio:' + e.name : (e.id || e.tagName + ':' + e.textContent.trim()),
           outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
})()
'''


def check_accessibility(page, where):
    problems = page.js(ACCESSIBILITY)
    # Tab order: from the top, Tab reaches every control, each with a visible focus ring
    found = page.js(CONTROLS)
    controls = found['keys']
    # (Tab from a point before the first control: an element that takes no
    # Tab stop itself, focused and then removed)
    page.js('(function(){var s=document.createElement("span");s.tabIndex=-1;s.id="tab-start";'
            'document.body.insertBefore(s,document.body.firstChild);s.focus();return true;})()')
    reached, no_ring = set(), set()
    # (a date field takes a Tab stop per part: day, month, year, hour…)
    for _ in range(found['count'] * 2 + 30):
        if reached.issuperset(controls):
            break
        page.key('Tab')
        focused = page.js(FOCUSED)
        if focused:
            reached.add(focused['key'])
            if not focused['outline']:
                no_ring.add(focused['key'])
    page.js('(function(){var s=document.getElementById("tab-start");s.parentNode.removeChild(s);return true;})()')
    for control in controls:
        if control not in reached:
            problems.append('Tab never reaches %s' % control)
    for control in sorted(no_ring):
        problems.append('%s shows no focus outline' % control)
    # no element needs a mouse: no mouse-only listeners anywhere; click
    # listeners only where a keyboard also fires click (controls and the
    # containers that delegate for them)
    elements = page.call('Runtime.evaluate', {'expression': 'Array.from(document.querySelectorAll("*"))'})['result']
    props = page.call('Runtime.getProperties', {'objectId': elements['objectId'], 'ownProperties': True})['result']
    mouse_only = {'mousedown', 'mouseup', 'dblclick', 'mouseover', 'mouseenter', 'mouseleave',
                  'mousemove', 'mouseout', 'contextmenu', 'pointerdown', 'pointerup'}
    for prop in props:
        obj = prop.get('value', {})
        if not prop['name'].isdigit() or obj.get('subtype') != 'node':
            continue
        listeners = page.call('DOMDebugger.getEventListeners', {'objectId': obj['objectId']})['listeners']
        for listener in listeners:
            if listener['type'] in mouse_only:
                problems.append('%s listens to %s (mouse only)' % (obj.get('description'), listener['type']))
            if listener['type'] == 'click' and not re.match(r'(button|a|input|select|form|ol|ul)\b', obj.get('description', '')):
                problems.append('%s listens to click but is no control' % obj.get('description'))
    return ['%s: %s' % (where, p) for p in problems]


def example_now(rules, case_file):
    """The `now` of the example in voorbeelden.rules that reads case_file."""
    source = os.path.join(os.path.dirname(rules), os.path.splitext(os.path.basename(rules))[0], 'voorbeelden.rules')
    with open(source, encoding='utf-8') as f:
        text = f.read()
    base = os.path.basename(case_file)
    for block in re.split(r'\n(?=example )', text):
        if 'given "../examples/%s"' % base in block:
            m = re.search(r'^\s*now\s+(\S+)', block, re.M)
            if m:
                return m.group(1)
    raise Failure('no example in %s reads %s' % (source, base))


STATE = r'''
(function () {
  var form = document.getElementById('vraag');
  var offer = document.getElementById('optioneel');
  var q = { seq: +(document.body.getAttribute('data-seq') || 0),
            form: !form.hidden && !!form.querySelector('input, select'), offer: !offer.hidden,
            error: document.getElementById('fout').hidden ? '' : document.getElementById('fout').textContent };
  if (q.form) {
    q.fact = form.getAttribute('data-fact');
    var first = form.querySelector('input, select');
    q.kind = first.tagName === 'SELECT' ? 'select' : first.type;
    q.focusInForm = form.contains(document.activeElement);
  }
  q.active = document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : null;
  return q;
})()
'''


def wait_refresh(page, seq):
    page.wait_for('+(document.body.getAttribute("data-seq")||0) > %d' % seq, 'the page to show the next question')
    return page.js(STATE)


def answer_current(page, state, value):
    """Answer the question shown with value (None: onbekend), by keyboard;
    the focus is on the question's first control. Returns the new state."""
    fact, kind = state['fact'], state['kind']
    if kind == 'radio':
        page.key('Space')  # checks "ja", the first
        for _ in range({True: 0, False: 1, None: 2}[value]):
            page.key('ArrowDown')
        shown = page.js('document.querySelector("#vraag input[name=antwoord]:checked").value')
        if shown != json.dumps(value):
            raise Failure('%s: the keyboard chose %s, not %s' % (fact, shown, json.dumps(value)))
        page.tab_to('antwoord-geven')
        page.key('Enter')
    elif value is None:
        page.tab_to('onbekend')
        page.key('Space')
    else:
        if kind == 'select':
            for _ in range(400):
                if page.js('document.getElementById("antwoord").value') == value:
                    break
                page.key('ArrowDown')
            else:
                raise Failure('%s: ArrowDown never selects %s' % (fact, value))
        elif kind in ('number', 'text'):
            page.call('Input.insertText', {'text': str(value)})
        else:
            # date and datetime-local fields take keystrokes in the locale's
            # order of their parts: the value is set instead
            page.js('document.getElementById("antwoord").value = %s; true' % json.dumps(value))
        page.tab_to('antwoord-geven')
        page.key('Enter')
    state = wait_refresh(page, state['seq'])
    if state['error']:
        raise Failure('the page shows an error after the answer to %s: %s' % (fact, state['error']))
    if state['form'] and state.get('fact') == fact:
        raise Failure('%s is asked again after its answer' % fact)
    return state


def interview(page, kase, log):
    """Answer every question the page shows, then the optional ones it
    offers; returns the number answered."""
    state = page.js(STATE)
    answered, optional_taken, first = 0, False, True
    for _ in range(200):
        if state['error']:
            raise Failure('the page shows an error: ' + state['error'])
        if not state['form']:
            if state['offer'] and not optional_taken:
                if state['active'] != 'optioneel-knop':
                    raise Failure('focus is on %s, not on the offer of optional questions' % state['active'])
                optional_taken = True
                page.key('Enter')
                state = wait_refresh(page, state['seq'])
                continue
            return answered
        if first:
            # the first question: reach it from the top of the page by Tab
            page.js('document.activeElement && document.activeElement.blur(); true')
            page.tab_to(page.js('document.getElementById("vraag").querySelector("input,select").id'))
            first = False
        elif not state['focusInForm']:
            raise Failure('after the answer the focus is on %s, not on the new question (%s)' % (
                state['active'], state['fact']))
        value = kase.get(state['fact'])
        log.append('%s=%s' % (state['fact'], 'onbekend' if value is None else 'value'))
        state = answer_current(page, state, value)
        answered += 1
    raise Failure('the interview did not end after 200 questions')


def fill_in_rest(page, kase, asked, log):
    """Give the case's other known facts, which no question asked, through
    "Een ander gegeven invullen"."""
    for fact, value in kase.items():
        if value is None or fact in asked:
            continue
        page.tab_to('ander-feit', limit=200)
        for _ in range(100):
            if page.js('document.getElementById("ander-feit").value') == fact:
                break
            page.key('ArrowDown')
        else:
            raise Failure('"Een ander gegeven invullen" does not offer %s' % fact)
        page.tab_to('ander-knop')
        page.key('Enter')
        page.wait_for('document.getElementById("vraag").getAttribute("data-fact") === %s && '
                      '!document.getElementById("vraag").hidden' % json.dumps(fact), 'the question for ' + fact)
        state = page.js(STATE)
        if not state['focusInForm']:
            raise Failure('focus is on %s, not on the question for %s' % (state['active'], fact))
        log.append(fact)
        answer_current(page, state, value)


ADVICE = r'''
(function () {
  function texts(selector) {
    return Array.prototype.map.call(document.querySelectorAll(selector), function (e) { return e.textContent; });
  }
  return {
    urgent: texts('#dringend li .tekst'),
    recommendations: texts('#aanbevelingen li .tekst'),
    attention: texts('#aandachtspunten li .tekst'),
    contacts: Array.prototype.map.call(document.querySelectorAll('#contacten li[data-table]'), function (e) {
      return [e.getAttribute('data-table'), e.getAttribute('data-contact'), e.querySelector('.naam').textContent];
    }),
    reach: texts('#contacten li .bereik'),
    undetermined: +document.getElementById('onbeslist-aantal').textContent,
    hash: document.getElementById('regelboek-hash').textContent,
    status: document.getElementById('advies-status').textContent,
    live: document.getElementById('advies').getAttribute('aria-live')
  };
})()
'''

WEEKDAYS = ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag']


def expected_reach(contact):
    if contact.get('waiting_for'):
        return 'Welk contact precies'
    if contact.get('open_now') is True:
        return 'Nu bereikbaar'
    if contact.get('open_now') is False:
        return 'Nu niet bereikbaar'
    return 'Geen openingstijden'


def check_advice(shown, expected):
    problems = []
    for key, part in (('urgent', 'urgent'), ('recommendations', 'recommendations'), ('attention', 'attention')):
        want = [item['text'] for item in expected[part]]
        if shown[key] != want:
            problems.append('%s: the page shows %d texts %s, eval gives %d %s' % (
                key, len(shown[key]), json.dumps(shown[key], ensure_ascii=False)[:300], len(want),
                json.dumps(want, ensure_ascii=False)[:300]))
    want = [[c['table'], c.get('key') or '', (c.get('fields') or {}).get('naam')] for c in expected['contacts']]
    got = [[t, k, n if w[2] is not None else None] for (t, k, n), w in zip(shown['contacts'], want)]
    if len(shown['contacts']) != len(want) or got != want:
        problems.append('contacts: the page shows %s, eval gives %s' % (shown['contacts'], want))
    for text, contact in zip(shown['reach'], expected['contacts']):
        if not text.startswith(expected_reach(contact)):
            problems.append('contact %s: the page says "%s", eval says open_now=%s' % (
                contact['key'], text, contact.get('open_now')))
    if shown['undetermined'] != len(expected['undetermined']):
        problems.append('undetermined: the page shows %d, eval gives %d' % (
            shown['undetermined'], len(expected['undetermined'])))
    if shown['hash'] != expected['rulebook']['bytecode_sha256']:
        problems.append('the page names rulebook %s, eval %s' % (shown['hash'], expected['rulebook']['bytecode_sha256']))
    if shown['live'] != 'polite':
        problems.append('the advice is no aria-live region')
    return problems


def eval_json(args, case_text, now):
    if isinstance(case_text, str):
        case_text = case_text.encode('utf-8')
    return json.loads(subprocess.run(
        [args.signaal, 'eval', args.rules, '--facts', '-', '--now', now, '--report', 'json'],
        input=case_text, check=True, capture_output=True, timeout=60).stdout)


def run_case(browser, args, case_file, results):
    name = os.path.splitext(os.path.basename(case_file))[0]
    with open(case_file, encoding='utf-8') as f:
        kase = json.load(f)
    now = example_now(args.rules, case_file)
    with open(case_file, 'rb') as f:
        expected = eval_json(args, f.read(), now)
    target = browser.send('Target.createTarget', {'url': 'about:blank'})['targetId']
    page = attach(browser, target, args.offline is not None)
    try:
        page.call('Page.navigate', {'url': args.page})
        page.wait_for('document.body && document.body.getAttribute("data-seq") !== null', 'the page to load')
        results.check('%s: the page loads without an error' % name,
                      lambda: [] if not page.js(STATE)['error'] else [page.js(STATE)['error']])
        set_moment(page, now)
        results.check('%s: accessibility at the start' % name, lambda: check_accessibility(page, 'start'))
        log = []
        count = [0]

        def do_interview():
            count[0] = interview(page, kase, log)
            return [] if count[0] > 0 else ['no question was asked']
        results.check('%s: a whole interview by keyboard' % name, do_interview)
        print('   %d questions: %s' % (count[0], ', '.join(log)))
        # the advice after the interview: eval's for the case the page built
        # (the facts it asked, null for onbekend), which it sent last
        page.collect()
        built = json.loads(page.last_eval or '{}')
        asked_facts = set(built)
        shown = page.js(ADVICE)
        print('   the page: %d urgent, %d recommendations, %d attention points, %d contacts, %d undetermined' % (
            len(shown['urgent']), len(shown['recommendations']), len(shown['attention']),
            len(shown['contacts']), shown['undetermined']))
        results.check('%s: after the interview, the advice shown is eval --report json\'s for its case' % name,
                      lambda: check_advice(shown, eval_json(args, json.dumps(built), now)))
        rest = []
        results.check('%s: the other known facts given by keyboard' % name,
                      lambda: fill_in_rest(page, kase, asked_facts, rest) or [])
        print('   given after the interview: %s' % (', '.join(rest) or 'none'))
        shown = page.js(ADVICE)
        results.check('%s: the advice shown is eval --report json\'s for %s at %s' % (name, os.path.basename(case_file), now),
                      lambda: check_advice(shown, expected))
        results.check('%s: accessibility at the end' % name, lambda: check_accessibility(page, 'end'))
        if args.offline is None:
            results.check('%s: the printed report is eval --report html\'s' % name,
                          lambda: check_report(browser, page, args, case_file, now))
        else:
            results.check('%s: offline, "Advies afdrukken" prints the page\'s advice, with the note' % name,
                          lambda: check_print(page))
        results.check('%s: the case saved, a bad one refused in Dutch, the saved one loaded back' % name,
                      lambda: check_save_load(browser, page, args, now))
        page.collect()
        origin = args.base.rstrip('/')
        # (data: URLs are Chromium's own icons of its date fields: no
        # request; blob: the saved case's download, made in the page; a
        # page opened as a file has the origin null)
        blob = 'blob:null/' if args.offline is not None else 'blob:' + origin + '/'
        outside = [u for u in page.requests if not (u.startswith(origin + '/') or u.startswith(blob)
                                                    or u == 'about:blank' or u.startswith('data:'))]
        results.check('%s: no request outside %s (%d requests)' % (name, origin, len(page.requests)),
                      lambda: ['request to ' + u for u in outside])
        results.check('%s: no error in the console (CSP violations included)' % name, lambda: page.problems)
    finally:
        browser.send('Target.closeTarget', {'targetId': target})


def set_moment(page, now):
    """The moment of evaluation: the field's value set (a datetime-local
    field takes its parts in the locale's order), then applied."""
    seq = page.js(STATE)['seq']
    page.js('(function(){var m=document.getElementById("moment");m.value=%s;'
            'm.dispatchEvent(new Event("change"));return true;})()' % json.dumps(now))
    wait_refresh(page, seq)


def check_save_load(browser, page, args, now):
    """"Casus opslaan" downloads the page's case, which signaal eval reads;
    "Nieuwe casus" empties it; a case that does not fit is refused with the
    Dutch message, the fact named and its value not shown; loading the saved
    file gives the advice back."""
    problems = []
    folder = tempfile.mkdtemp(prefix='signaal-download.')
    try:
        browser.send('Browser.setDownloadBehavior', {'behavior': 'allow', 'downloadPath': folder,
                                                     'eventsEnabled': True})
        page.collect()
        built = json.loads(page.last_eval)
        before = page.js(ADVICE)
        page.tab_to('opslaan', limit=200)
        page.key('Enter')
        browser.wait_event(lambda e: e['method'] == 'Browser.downloadProgress' and
                           e['params'].get('state') == 'completed', what='the download of the case')
        files = [f for f in os.listdir(folder) if f.endswith('.json')]
        if len(files) != 1:
            return ['the download folder holds %s' % os.listdir(folder)]
        saved = os.path.join(folder, files[0])
        with open(saved, encoding='utf-8') as f:
            if json.load(f) != built:
                problems.append('the saved case is not the one the page evaluates')
        run = subprocess.run([args.signaal, 'eval', args.rules, '--facts', saved, '--now', now],
                             capture_output=True, timeout=60)
        if run.returncode != 0:
            problems.append('signaal eval --facts refuses the saved case: %s' % run.stderr.decode()[:300])
        # a new case: no answers left
        seq = page.js(STATE)['seq']
        page.tab_to('nieuw', limit=200)
        page.key('Enter')
        wait_refresh(page, seq)
        if page.js('document.getElementById("antwoorden").children.length') != 0:
            problems.append('"Nieuwe casus" leaves answers')
        set_moment(page, now)
        # a case that does not fit: the error in Dutch, the fact, no value
        marker = 'MARKER-7f3a'
        bad = os.path.join(folder, 'bad.json')
        with open(bad, 'w', encoding='utf-8') as f:
            json.dump({'leeftijd': marker}, f)
        load = page.call('Runtime.evaluate', {'expression': 'document.getElementById("laden")'})['result']
        seq = page.js(STATE)['seq']
        page.call('DOM.setFileInputFiles', {'files': [bad], 'objectId': load['objectId']})
        wait_refresh(page, seq)
        error = page.js(STATE)['error']
        if 'De casus past niet bij het regelboek' not in error or 'leeftijd' not in error:
            problems.append('a case that does not fit shows "%s"' % error)
        if marker in page.js('document.body.innerText'):
            problems.append('the page shows the value of a fact that does not fit')
        if page.js('document.getElementById("antwoorden").children.length') != 0:
            problems.append('a case that does not fit replaced the case so far')
        page.collect()
        page.problems = [p for p in page.problems if 'status of 400' not in p]
        # the saved case loaded back: the same advice
        seq = page.js(STATE)['seq']
        page.call('DOM.setFileInputFiles', {'files': [saved], 'objectId': load['objectId']})
        wait_refresh(page, seq)
        after = page.js(ADVICE)
        if page.js(STATE)['error']:
            problems.append('loading the saved case shows an error: %s' % page.js(STATE)['error'])
        for key in ('urgent', 'recommendations', 'attention', 'contacts', 'undetermined'):
            if after[key] != before[key]:
                problems.append('after loading the saved case, %s differ' % key)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return problems


def check_print(page):
    """Offline there is no report of the CLI: "Advies afdrukken" prints the
    page itself (window.print), whose print style sheet keeps the advice
    only; the note by the button says so."""
    problems = []
    if page.js('document.getElementById("afdrukken-uitleg").hidden'):
        problems.append('no note by the print button that this is the page\'s print')
    if page.js('document.getElementById("afdrukken").textContent') != 'Advies afdrukken':
        problems.append('the print button says "%s"' % page.js('document.getElementById("afdrukken").textContent'))
    page.tab_to('afdrukken', limit=200)
    page.key('Enter')
    page.wait_for('window.signaalPrinted > 0', 'window.print()')
    page.call('Emulation.setEmulatedMedia', {'media': 'print'})
    try:
        shown = page.js('["vraag-kop", "casus-kop", "afdrukken", "advies-kop", "dringend"].map(function (id) {'
                        ' return getComputedStyle(document.getElementById(id)).display !== "none" &&'
                        ' !!document.getElementById(id).getClientRects().length; })')
    finally:
        page.call('Emulation.setEmulatedMedia', {'media': ''})
    if shown != [False, False, False, True, True]:
        problems.append('in print, [question, case, button, advice, urgent] shown: %s' % shown)
    return problems


def check_report(browser, page, args, case_file, now):
    html = subprocess.run([args.signaal, 'eval', args.rules, '--facts', case_file, '--now', now, '--report', 'html'],
                          check=True, capture_output=True, timeout=60).stdout.decode('utf-8')
    title = re.search(r'<title>(.*?)</title>', html, re.S).group(1)
    title = title.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>')
    browser.send('Target.setDiscoverTargets', {'discover': True})
    # the report needs the case the interview built: the printed one is the page's
    page.tab_to('afdrukken', limit=80)
    page.key('Enter')
    created = browser.wait_event(lambda e: e['method'] == 'Target.targetCreated' and
                                 e['params']['targetInfo'].get('openerId') == page.target,
                                 what='the report window')
    report = attach(browser, created['params']['targetInfo']['targetId'])
    problems = []
    try:
        report.wait_for('document.title.indexOf("Beslisrapport") === 0', 'the report in the new window')
        shown_title = report.js('document.title')
        # the page's case holds only what the interview asked: the report of
        # that case at the same moment has the same title (rulebook, moment)
        if shown_title != title:
            problems.append('report title "%s", eval --report html gives "%s"' % (shown_title, title))
        styled = report.js('getComputedStyle(document.querySelector("h1")).borderBottomStyle')
        if styled != 'solid':
            problems.append('the report window is not styled (h1 border %s)' % styled)
        sections = report.js('Array.prototype.map.call(document.querySelectorAll("h2"), function(h){return h.textContent;})')
        want = re.findall(r'<h2[^>]*>(.*?)</h2>', html)
        want = [re.sub(r'<[^>]+>', '', h).replace('&amp;', '&') for h in want]
        if sections != want:
            problems.append('report sections %s, eval --report html has %s' % (sections, want))
        report.collect()
        page.requests.extend(report.requests)
        page.problems.extend(report.problems)
    finally:
        browser.send('Target.closeTarget', {'targetId': report.target})
    return problems


# An engine other than the HTTP one (as the WebAssembly build gives), set
# before app.js runs: it answers info, schema and questions through the
# server, counts its calls, and refuses every eval as a case that does not fit.
OTHER_ENGINE = r'''
window.signaalCalls = [];
window.signaalEngine = (function () {
  function get(path) { return fetch(path).then(function (r) { return r.json(); }); }
  return {
    info: function () { window.signaalCalls.push('info'); return get('/v1/info'); },
    schema: function () { window.signaalCalls.push('schema'); return get('/v1/schema'); },
    questions: function (kase, now) {
      window.signaalCalls.push('questions');
      return fetch('/v1/questions?now=' + encodeURIComponent(now), { method: 'POST',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(kase) }).then(function (r) { return r.json(); });
    },
    eval: function () {
      window.signaalCalls.push('eval');
      return Promise.reject({ code: 'bad_case', message: 'other engine',
                              errors: [{ fact: 'leeftijd', message: 'expects an int' }] });
    },
    report: function () { window.signaalCalls.push('report'); return Promise.reject({ code: 'internal' }); }
  };
})();
'''


def check_other_engine(browser, args):
    """window.signaalEngine set before app.js replaces the HTTP engine."""
    target = browser.send('Target.createTarget', {'url': 'about:blank'})['targetId']
    page = attach(browser, target)
    try:
        page.call('Page.addScriptToEvaluateOnNewDocument', {'source': OTHER_ENGINE})
        page.call('Page.navigate', {'url': args.base + '/'})
        page.wait_for('document.body && document.body.getAttribute("data-seq") !== null', 'the page to load')
        problems = []
        calls = page.js('window.signaalCalls')
        for call in ('info', 'schema', 'questions', 'eval'):
            if call not in calls:
                problems.append('the page did not call engine.%s of the engine it was given (%s)' % (call, calls))
        error = page.js(STATE)['error']
        if 'De casus past niet bij het regelboek' not in error or 'feit leeftijd' not in error:
            problems.append('the other engine\'s error shows as "%s"' % error)
        page.collect()
        evals = [u for u in page.requests if '/v1/eval' in u]
        if evals:
            problems.append('the page called /v1/eval itself: %s' % evals)
        return problems
    finally:
        browser.send('Target.closeTarget', {'targetId': target})


def check_local_questions(args, results):
    """The offline page's engine (engine-local.js) asks what the server's
    /v1/questions asks, on partial bundled cases (node 18: fetch)."""
    node = shutil.which('node')
    if node is None:
        print('-- no node: the offline engine\'s questions are not compared with the server\'s')
        return
    run = subprocess.run([node, os.path.join(os.path.dirname(__file__), 'questions_compare.js'), args.web, args.base,
                          os.path.join(os.path.dirname(args.rules), 'examples'), '2016-11-08T12:00'],
                         capture_output=True, timeout=300)
    try:
        got = json.loads(run.stdout.decode().strip().split('\n')[-1])
    except (ValueError, IndexError):
        got = {'compared': 0, 'differ': 1, 'first': run.stderr.decode()[:300]}
    results.check('engine-local.js asks the questions of POST /v1/questions (%d partial cases)' % got['compared'],
                  lambda: [] if got['differ'] == 0 and got['compared'] > 0 else
                  ['%d of %d differ; first: %s' % (got['differ'], got['compared'], got['first'])])


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, run):
        try:
            problems = run()
        except Failure as e:
            problems = [str(e)]
        except Exception as e:  # a broken driver is a failure too
            problems = ['%s: %s' % (type(e).__name__, e)]
        if problems:
            self.failed += 1
            print('** %s' % name)
            for p in problems[:30]:
                print('     %s' % p)
        else:
            self.passed += 1
            print('ok %s' % name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--base', help='http://127.0.0.1:PORT')
    parser.add_argument('--offline', help='a directory made by make web: its index.html opened as a file')
    parser.add_argument('--web', help='with --base: the directory of make web, whose engine-local.js '
                        'must ask the questions the server asks (tests/questions_compare.js)')
    parser.add_argument('--signaal', required=True)
    parser.add_argument('--rules', required=True)
    parser.add_argument('--chromium', default='/usr/bin/chromium')
    parser.add_argument('cases', nargs='+')
    args = parser.parse_args()
    if (args.base is None) == (args.offline is None):
        parser.error('give --base or --offline')
    if args.offline is not None:
        args.base = 'file://' + os.path.abspath(args.offline)
    args.base = args.base.rstrip('/')
    args.page = args.base + ('/index.html' if args.offline is not None else '/')
    if websocket is None:
        print('** browser: python3 cannot import websocket: install python3-websocket (make deps)')
        print('0 passed, 1 failed')
        return 1
    results = Results()
    browser = None
    try:
        browser = Browser(args.chromium)
        for case_file in args.cases:
            try:
                run_case(browser, args, case_file, results)
            except Failure as e:
                results.check(os.path.basename(case_file), lambda: [str(e)])
        if args.offline is None:
            results.check('another engine set as window.signaalEngine replaces the HTTP one',
                          lambda: check_other_engine(browser, args))
        if args.offline is None and args.web is not None:
            check_local_questions(args, results)
    except Failure as e:
        results.check('browser', lambda: [str(e)])
    finally:
        if browser:
            browser.close()
    print('%d passed, %d failed' % (results.passed, results.failed))
    return 0 if results.failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
