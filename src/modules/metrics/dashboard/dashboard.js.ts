/**
 * The dashboard's script (no framework, no CDN: the page must work on a closed network). Data
 * comes from the API with the pasted bearer token; a 403 for a section means the role may not see
 * it, and the section says so. Live alerts use fetch-based streaming of GET /alerts/stream so the
 * token travels in the Authorization header, never in a URL. Everything is written with
 * textContent (no HTML from data).
 */
export const DASHBOARD_JS = String.raw`'use strict';
(function () {
  var API = '/api/v1';
  var token = null;
  var session = null;
  var streamAbort = null;
  var clockTimer = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function message(node, text) { clear(node).appendChild(el('p', { class: 'muted', text: text })); }
  function fmtTime(iso) { return iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' }) : ''; }
  function pct(v) { return v === null || v === undefined ? 'withheld' : (Math.round(v * 1000) / 10) + '%'; }

  // A pasted token travels as a bearer header; otherwise the signed-in session's HttpOnly cookie goes (same origin).
  function authHeaders(accept) {
    var h = { Accept: accept };
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }
  function api(path) {
    return fetch(API + path, { headers: authHeaders('application/json'), credentials: 'same-origin' }).then(function (res) {
      if (res.status === 403) { var e = new Error('forbidden'); e.status = 403; throw e; }
      if (!res.ok) { var f = new Error('HTTP ' + res.status); f.status = res.status; f.retryAfter = res.headers.get('Retry-After'); throw f; }
      return res.json();
    });
  }
  function failed(node, what) {
    return function (e) {
      if (e.status === 403) message(node, what + ' is not available for your role.');
      else if (e.status === 401) message(node, session ? 'Your session has ended: sign in again.' : 'Your token was not accepted: paste a new one.');
      else if (e.status === 503) message(node, what + ' is busy just now: reload the page in ' + (e.retryAfter || 'a few') + ' seconds.');
      else message(node, 'Could not load ' + what.toLowerCase() + ' (' + e.message + ').');
    };
  }
  function table(caption, headers, rows) {
    var t = el('table', null, [el('caption', { text: caption })]);
    t.appendChild(el('thead', null, [el('tr', null, headers.map(function (h) { return el('th', { scope: 'col', text: h }); }))]));
    var body = el('tbody');
    rows.forEach(function (r) { body.appendChild(el('tr', null, r.map(function (c) { return typeof c === 'string' ? el('td', { text: c }) : el('td', null, [c]); }))); });
    t.appendChild(body);
    return t;
  }

  // Bed board: one table per unit, status as words (colour is only an extra cue).
  function loadBeds() {
    var node = $('beds');
    return api('/beds?limit=100').then(function (page) {
      clear(node);
      if (!page.items.length) { message(node, 'No beds defined.'); return; }
      var units = {};
      page.items.forEach(function (b) { (units[b.unitName] = units[b.unitName] || []).push(b); });
      Object.keys(units).sort().forEach(function (name) {
        var beds = units[name];
        var free = beds.filter(function (b) { return b.status === 'available'; }).length;
        node.appendChild(table(name + ' (' + (beds[0].locality || 'no locality') + '): ' + free + ' of ' + beds.length + ' free',
          ['Bed', 'Status', 'Direction', 'Patient (NHS number)', 'Since'],
          beds.map(function (b) {
            return [b.label, el('span', { class: 'status status-' + b.status, 'data-bed-status': b.status, text: b.status }),
              b.stay ? b.stay.direction.replace('_', '-') : '',
              b.stay && b.stay.nhsNumber ? b.stay.nhsNumber : (b.stay ? 'not shown' : ''),
              b.stay ? fmtTime(b.stay.admittedAt || b.stay.offeredAt) : ''];
          })));
      });
    }).catch(failed(node, 'The bed board'));
  }

  // Step-down share per week against the target and its control limits, as an SVG chart with a table beside it.
  function loadMix() {
    var node = $('mix');
    return api('/metrics/step-down-trend?weeks=12').then(function (trend) {
      clear(node);
      var W = 560, H = 260, L = 44, R = 12, T = 12, B = 40;
      var n = trend.weeks.length;
      var x = function (i) { return L + (n <= 1 ? 0 : (i * (W - L - R)) / (n - 1)); };
      var y = function (v) { return T + (1 - v) * (H - T - B); };
      var NS = 'http://www.w3.org/2000/svg';
      var svg = document.createElementNS(NS, 'svg');
      svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
      svg.setAttribute('width', '100%');
      svg.setAttribute('role', 'img');
      svg.setAttribute('id', 'mix-chart');
      svg.setAttribute('aria-labelledby', 'mix-title');
      function s(tag, attrs, text) {
        var e = document.createElementNS(NS, tag);
        Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
        if (text) e.textContent = text;
        svg.appendChild(e);
        return e;
      }
      s('title', { id: 'mix-title' }, 'Weekly step-down share of bed admissions over ' + n + ' weeks, target ' + pct(trend.target) + '; the table below gives the figures.');
      [0, 0.25, 0.5, 0.75, 1].forEach(function (v) {
        s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#d8dde0' });
        s('text', { x: 2, y: y(v) + 4 }, (v * 100) + '%');
      });
      s('line', { x1: L, x2: W - R, y1: y(trend.target), y2: y(trend.target), stroke: '#007f3b', 'stroke-width': 2 });
      s('text', { x: W - R - 90, y: y(trend.target) - 4 }, 'target ' + pct(trend.target));
      var upper = trend.weeks.map(function (w, i) { return x(i) + ',' + y(w.upperLimit); }).join(' ');
      var lower = trend.weeks.map(function (w, i) { return x(i) + ',' + y(w.lowerLimit); }).join(' ');
      s('polyline', { points: upper, fill: 'none', stroke: '#425563', 'stroke-dasharray': '5 4', 'data-series': 'upper-limit' });
      s('polyline', { points: lower, fill: 'none', stroke: '#425563', 'stroke-dasharray': '5 4', 'data-series': 'lower-limit' });
      var pts = [];
      trend.weeks.forEach(function (w, i) {
        if (w.stepDownShare === null) return;
        pts.push(x(i) + ',' + y(w.stepDownShare));
        var outside = w.stepDownShare < w.lowerLimit || w.stepDownShare > w.upperLimit;
        // Outside the limits is a filled square as well as red, so meaning is not by colour alone.
        if (outside) s('rect', { x: x(i) - 5, y: y(w.stepDownShare) - 5, width: 10, height: 10, fill: '#d5281b', 'data-point': w.weekStart });
        else s('circle', { cx: x(i), cy: y(w.stepDownShare), r: 4, fill: '#005eb8', 'data-point': w.weekStart });
      });
      if (pts.length > 1) s('polyline', { points: pts.join(' '), fill: 'none', stroke: '#005eb8', 'stroke-width': 2, 'data-series': 'share' });
      trend.weeks.forEach(function (w, i) { if (i % 2 === 0) s('text', { x: x(i) - 16, y: H - 20 }, w.weekStart.slice(5)); });
      s('text', { x: L, y: H - 4 }, 'Week starting (dashed: control limits; square: outside the limits)');
      node.appendChild(svg);
      var details = el('details', null, [el('summary', { text: 'Figures by week' })]);
      details.appendChild(table('Step-down share by week', ['Week starting', 'Admissions', 'Step-down share', 'Control limits'],
        trend.weeks.map(function (w) { return [w.weekStart, String(w.admissions), pct(w.stepDownShare), pct(w.lowerLimit) + ' to ' + pct(w.upperLimit)]; })));
      node.appendChild(details);
    }).catch(failed(node, 'The bed mix'));
  }

  // The triage queue with live clocks: time left (or "BREACHED") to each referral's respond-by time.
  var triageItems = [];
  function clockText(r) {
    var left = new Date(r.respondBy).getTime() - Date.now();
    if (r.breached || left < 0) return 'BREACHED ' + Math.round(-left / 60000) + ' min ago';
    var h = Math.floor(left / 3600000), m = Math.floor((left % 3600000) / 60000);
    return h + ' h ' + m + ' min left';
  }
  function renderTriage() {
    var node = $('triage');
    clear(node);
    if (!triageItems.length) { message(node, 'Nothing is waiting for triage.'); return; }
    node.appendChild(table('Awaiting triage, breached first, then the nearest clock (' + triageItems.length + ')', ['Received', 'Urgency', 'Service', 'Patient', 'Respond by', 'Clock'],
      triageItems.map(function (r) {
        var late = r.breached || new Date(r.respondBy).getTime() < Date.now();
        return [fmtTime(r.receivedAt), r.urgency, r.requestedService || 'not yet routed', r.nhsNumber || 'not shown', fmtTime(r.respondBy),
          el('span', { class: late ? 'breached' : '', text: clockText(r) })];
      })));
  }
  function loadTriage() {
    return api('/referrals?status=awaiting_triage&limit=100').then(function (page) {
      triageItems = page.items; // the queue's own order: breached first, then respondBy
      renderTriage();
    }).catch(failed($('triage'), 'The triage queue'));
  }

  // A&E in-reach clocks (known patients at A&E) on the same clocks panel, and the hospital feeds' state.
  var inReachItems = [];
  function renderInReach() {
    var node = $('inreach');
    clear(node);
    if (!inReachItems.length) { message(node, 'No known patient is waiting in A&E for in-reach.'); return; }
    node.appendChild(table('A&E in-reach, nearest clock first (' + inReachItems.length + ')', ['Arrived', 'Hospital', 'Patient', 'Teams', 'Respond by', 'Clock'],
      inReachItems.map(function (c) {
        var late = c.breached || new Date(c.respondBy).getTime() < Date.now();
        return [fmtTime(c.arrivedAt), c.hospitalOds, c.nhsNumber || 'not shown', c.teamCodes.join(', '), fmtTime(c.respondBy),
          el('span', { class: late ? 'breached' : '', text: clockText(c) })];
      })));
  }
  function loadInReach() {
    return api('/integrations/ae-attendances').then(function (page) { inReachItems = page.items; renderInReach(); })
      .catch(failed($('inreach'), 'A&E in-reach clocks'));
  }
  function loadFeeds() {
    var node = $('feeds');
    return api('/integrations/hl7/feeds').then(function (page) {
      clear(node);
      if (!page.items.length) { message(node, 'No hospital has sent a message yet.'); return; }
      node.appendChild(table('HL7 ADT feeds by sender', ['Sender', 'Hospital', 'Last message', 'Last event', 'Last ACK', 'Failed', 'Waiting', 'Applied in 24 h'],
        page.items.map(function (f) {
          return [f.sender, f.hospitalOds || '', fmtTime(f.lastMessageAt), f.lastEvent || '', f.lastAck,
            el('span', { class: f.failed ? 'breached' : '', text: String(f.failed) }), String(f.waiting), String(f.processed24h)];
        })));
    }).catch(failed(node, 'The hospital feeds'));
  }

  function loadAdmissions() {
    var node = $('admissions');
    return api('/admissions?status=inpatient&limit=100').then(function (page) {
      var today = new Date(); today.setHours(0, 0, 0, 0);
      var rows = page.items.filter(function (a) { return new Date(a.admittedAt) >= today && a.knownTo && a.knownTo.length; });
      clear(node);
      if (!rows.length) { message(node, 'No admissions of known patients today.'); return; }
      node.appendChild(table('Admitted today, known to a team', ['Admitted', 'Hospital', 'Patient', 'Known to', 'Readmission'],
        rows.map(function (a) {
          return [fmtTime(a.admittedAt), a.hospitalOds + (a.ward ? ' / ' + a.ward : ''), a.nhsNumber || 'not shown',
            a.knownTo.map(function (k) { return k.teamCode; }).join(', '), a.readmission ? 'yes' : 'no'];
        })));
    }).catch(failed(node, "Today's admissions"));
  }

  function loadCoverage() {
    var node = $('coverage');
    return api('/metrics').then(function (report) {
      clear(node);
      var rows = report.measures.filter(function (m) { return m.id.indexOf('care_plans.') === 0; });
      node.appendChild(table('Current, small numbers suppressed', ['Measure', 'With plan', 'Of', 'Share'],
        rows.map(function (m) { return [m.title, String(m.numerator), String(m.denominator), m.denominator === 0 ? 'none to count' : pct(m.value)]; })));
    }).catch(failed(node, 'Care-plan coverage'));
  }

  // Discharge board counts (aggregate) and the weekly delayed days from the midnight snapshots.
  function loadDischarge() {
    var node = $('discharge');
    return Promise.all([api('/discharge/summary'), api('/discharge/delayed-days-trend?weeks=8')]).then(function (r) {
      var s = r[0], trend = r[1];
      clear(node);
      node.appendChild(table('Inpatients on the discharge board now (small numbers suppressed)', ['Measure', 'Count'], [
        ['Inpatients', String(s.inpatients)], ['Ready for transfer', String(s.readyForTransfer)],
        ['Past their Discharge Ready Date', String(s.pastDischargeReadyDate)],
        ['Stays of 7+ days', String(s.longStay7)], ['14+ days', String(s.longStay14)], ['21+ days', String(s.longStay21)]]));
      node.appendChild(table('Delayed days per week (DTOC: ready for transfer at midnight; past DRD)', ['Week starting', 'DTOC days', 'NHS', 'Social care', 'Both', 'Past DRD days'],
        trend.weeks.map(function (w) {
          var a = w.dtocDaysByAttribution;
          return [w.weekStart, String(w.dtocDays), String(a.nhs), String(a.social_care), String(a.both), String(w.nctrDays)];
        })));
    }).catch(failed(node, 'The discharge board'));
  }

  // Alerts: recent ones, then live from the stream (fetch + ReadableStream so the token stays in a header).
  function alertItem(a) {
    var li = el('li', { 'data-alert-id': a.id });
    li.appendChild(el('strong', { text: a.type.replace(/_/g, ' ') }));
    li.appendChild(document.createTextNode(' for ' + a.teamCode + ', ' + fmtTime(a.createdAt) + (a.nhsNumber ? ' (NHS number ' + a.nhsNumber + ')' : '') + (a.status === 'acknowledged' ? ', acknowledged' : '')));
    return li;
  }
  function addAlert(a, atTop) {
    var list = $('alerts');
    if (list.querySelector('[data-alert-id="' + a.id + '"]')) return;
    if (atTop) list.insertBefore(alertItem(a), list.firstChild); else list.appendChild(alertItem(a));
  }
  function loadAlerts() {
    return api('/alerts?limit=20').then(function (page) { clear($('alerts')); page.items.forEach(function (a) { addAlert(a, false); }); })
      .catch(function (e) { if (e.status !== 403) $('stream-state').textContent = 'Could not load recent alerts (' + e.message + ').'; });
  }
  function openStream() {
    if (streamAbort) streamAbort.abort();
    var ctrl = new AbortController();
    streamAbort = ctrl;
    var state = $('stream-state');
    fetch(API + '/alerts/stream', { headers: authHeaders('text/event-stream'), credentials: 'same-origin', signal: ctrl.signal }).then(function (res) {
      if (res.status === 403) { state.textContent = 'Live alerts are not available for your role.'; return; }
      if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) throw new Error('stream ended');
          buffer += decoder.decode(chunk.value, { stream: true });
          var parts = buffer.split('\n\n');
          buffer = parts.pop();
          parts.forEach(function (block) {
            if (block.indexOf(': connected') === 0) { state.textContent = 'Live: new alerts appear here without reloading.'; state.setAttribute('data-live', 'true'); }
            var event = 'message', data = '';
            block.split('\n').forEach(function (line) {
              if (line.indexOf('event: ') === 0) event = line.slice(7);
              else if (line.indexOf('data: ') === 0) data += line.slice(6);
            });
            if (event === 'alert' && data) {
              addAlert(JSON.parse(data), true);
              loadBeds();
            }
          });
          return pump();
        });
      }
      return pump();
    }).catch(function (e) {
      if (ctrl.signal.aborted) return;
      state.textContent = 'Live alerts disconnected (' + e.message + '); reconnecting...';
      state.removeAttribute('data-live');
      setTimeout(function () { if (streamAbort === ctrl) openStream(); }, 5000);
    });
  }

  function start() {
    $('main').hidden = false;
    $('who').textContent = 'Loading...';
    Promise.all([loadBeds(), loadMix(), loadTriage(), loadAdmissions(), loadCoverage(), loadDischarge(), loadAlerts(), loadInReach(), loadFeeds()]).then(function () {
      $('who').textContent = 'Updated ' + fmtTime(new Date().toISOString());
    });
    openStream();
    if (clockTimer) clearInterval(clockTimer);
    clockTimer = setInterval(function () { renderTriage(); renderInReach(); }, 30000);
  }

  // Signed in through the identity provider? Then the session cookie opens the API: no token needed.
  fetch('/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (res) {
    if (!res.ok) return;
    return res.json().then(function (s) {
      session = s;
      $('signin').hidden = true;
      $('signed-in').hidden = false;
      $('signed-in-as').textContent = 'Signed in as ' + (s.name || s.sub) + ' (' + s.roles.join(', ') + ')';
      $('login').hidden = true;
      start();
    });
  }).catch(function () {});

  $('signout').addEventListener('click', function () {
    if (!session) return;
    fetch('/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': session.csrfToken, Accept: 'application/json' } })
      .then(function (res) { return res.json(); })
      .then(function (out) { session = null; if (streamAbort) streamAbort.abort(); window.location.href = out.endSessionUrl || '/dashboard'; });
  });

  $('login').addEventListener('submit', function (ev) {
    ev.preventDefault();
    token = $('token').value.trim();
    if (token) start();
  });
})();
`;
