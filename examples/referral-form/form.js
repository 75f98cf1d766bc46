// The referral form: builds its questions from the rules (facts() and schema() of the WebAssembly
// module: question, help text, type, options) and screens the answers on every change, inside the
// page. The panel shows, per review, the outcome or the outcomes still possible, the reasons with
// their citations, deadlines, flags and advisories; the form marks the next question and the
// questions that can no longer change any review. Nothing is sent, stored or logged.
(function () {
  'use strict';

  // Headings for the groups of facts, by the first part of the fact's path.
  const GROUP_TITLES = {
    subject: 'The person the referral is about',
    incident: 'What happened',
    perpetrator: 'The person suspected of causing the harm',
    area: 'The area',
    judgement: 'Points of law the decision-maker must settle',
  };
  // Outcomes that mean "no review or notification on this route".
  // A clause's value in words. "No" is not bad news: many clauses are exclusions.
  const TRUTH = {
    true: { word: 'Yes', css: 'yes' },
    false: { word: 'No', css: 'no' },
    null: { word: 'Not known', css: 'unknown' },
  };
  const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

  const form = document.getElementById('referral');
  const panel = document.getElementById('screening-body');
  const state = {
    threshold: null,
    facts: [],
    fields: new Map(),     // fact path -> field
    options: '{}',         // screening options as JSON text
    lastText: null,        // the last result, as JSON text
    lastGood: null,        // the last result that was not an error
    detailsOpen: new Map(), // review id -> whether its reasons are shown
    timings: [],           // per update: {engine, render} in milliseconds
  };

  // ---- small DOM helpers ----

  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') element.className = value;
      else if (name === 'text') element.textContent = value;
      else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) element.append(child);
    }
    return element;
  }

  const words = (id) => id.replace(/_/g, ' ');
  const sentenceCase = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  const outcomeLabel = (id) => sentenceCase(words(id));
  const longDate = (iso) => DATE_FORMAT.format(new Date(iso + 'T00:00:00Z'));  // 4 August 2025

  function listInWords(items) {
    if (items.length <= 1) return items.join('');
    return items.slice(0, -1).join(', ') + ' or ' + items[items.length - 1];
  }

  function citationText(citation) {
    if (!citation) return '';
    let text = citation.instrument + ' ' + citation.provision;
    if (citation.note) text += ' (' + citation.note + ')';
    return text;
  }

  function citationElement(citation) {
    if (!citation) return null;
    return h('span', { class: 'citation' },
      h('span', { class: 'evidence evidence-' + citation.evidence, text: citation.evidence }), ' ',
      citationText(citation));
  }

  // ---- the form ----

  function fieldId(path) {
    return 'fact-' + path.replace(/[^a-z0-9_]+/gi, '-');
  }

  // An answer the browser cannot read yet (half a date): unknown while it is being typed, and an
  // error once the referrer moves on.
  function unfinished(control, message) {
    return document.activeElement === control ? {} : { bad: message };
  }

  // One question: its control(s), label, help text, a status line and an error line.
  function buildField(fact) {
    const id = fieldId(fact.path);
    const described = [];
    const help = fact.help ? h('p', { class: 'help', id: id + '-help', text: fact.help }) : null;
    if (help) described.push(help.id);
    const status = h('p', { class: 'field-status', id: id + '-status' });
    const error = h('p', { class: 'field-error', id: id + '-error' });
    described.push(status.id, error.id);
    const describedBy = described.join(' ');
    let container;
    let read;
    let focusTarget;

    if (fact.type === 'boolean') {
      const choices = [['true', 'Yes'], ['false', 'No'], ['', 'Not known']];
      const radios = choices.map(([value, label], i) => {
        const input = h('input', { type: 'radio', name: id, id: id + '-' + i, value, checked: value === '' });
        return h('label', { class: 'choice', for: input.id }, input, ' ', label);
      });
      container = h('fieldset', { class: 'field', 'aria-describedby': describedBy },
        h('legend', { class: 'question', text: fact.question }), help,
        h('div', { class: 'choices' }, radios), status, error);
      const inputs = radios.map((label) => label.firstChild);
      focusTarget = () => inputs.find((input) => input.checked) || inputs[0];
      read = () => {
        const checked = inputs.find((input) => input.checked);
        return checked && checked.value !== '' ? { value: checked.value === 'true' } : {};
      };
    } else {
      let control;
      if (fact.type === 'enum') {
        control = h('select', { id, 'aria-describedby': describedBy },
          h('option', { value: '', text: 'Not known' }),
          fact.options.map((option) => h('option', { value: option.value, text: option.label })));
        read = () => (control.value !== '' ? { value: control.value } : {});
      } else if (fact.type === 'integer') {
        control = h('input', { type: 'number', id, min: fact.min, max: fact.max, step: 1, inputmode: 'numeric',
                               class: 'number', 'aria-describedby': describedBy });
        read = () => {
          if (control.validity.badInput) return unfinished(control, 'Enter a whole number.');
          return control.value !== '' ? { value: Number(control.value) } : {};
        };
      } else if (fact.type === 'date') {
        control = h('input', { type: 'date', id, class: 'date', 'aria-describedby': describedBy });
        read = () => {
          if (control.validity.badInput) return unfinished(control, 'Enter a complete date.');
          return control.value !== '' ? { value: control.value } : {};
        };
      } else {
        control = h('input', { type: 'text', id, 'aria-describedby': describedBy });
        read = () => (control.value !== '' ? { value: control.value } : {});
      }
      container = h('div', { class: 'field' },
        h('label', { class: 'question', for: id, text: fact.question }), help, control, status, error);
      focusTarget = () => control;
    }
    container.id = id + '-field';
    container.dataset.fact = fact.path;
    return { fact, container, status, error, read, focusTarget };
  }

  // The question a JSON Pointer from an error names, if any.
  function fieldAt(pointer) {
    for (const field of state.fields.values()) if (field.fact.pointer === pointer) return field;
    return null;
  }

  // Groups consecutive facts by the first part of their path; facts at the top of the record get
  // "Dates" when they are all dates.
  function groupTitle(key, facts) {
    if (GROUP_TITLES[key]) return GROUP_TITLES[key];
    if (key) return sentenceCase(words(key));
    return facts.every((fact) => fact.type === 'date') ? 'Dates' : 'What is known or suspected';
  }

  function buildForm(facts, schema) {
    form.textContent = '';
    const caseId = schema.properties && schema.properties.case_id;
    const reference = h('input', { type: 'text', id: 'case-id', class: 'reference' });
    state.readCaseId = () => reference.value.trim();
    form.append(h('fieldset', { class: 'group' }, h('legend', { text: 'The referral' }),
      h('div', { class: 'field' },
        h('label', { class: 'question', for: 'case-id', text: caseId ? caseId.title : 'Your reference for the case' }),
        reference)));

    const runs = [];
    for (const fact of facts) {
      const key = fact.path.includes('.') ? fact.path.slice(0, fact.path.indexOf('.')) : '';
      if (!runs.length || runs[runs.length - 1].key !== key) runs.push({ key, facts: [] });
      runs[runs.length - 1].facts.push(fact);
    }
    for (const run of runs) {
      const group = h('fieldset', { class: 'group' }, h('legend', { text: groupTitle(run.key, run.facts) }));
      for (const fact of run.facts) {
        const field = buildField(fact);
        state.fields.set(fact.path, field);
        group.append(field.container);
      }
      form.append(group);
    }
  }

  // The case record the answers make, with any answers the browser itself cannot read.
  function readRecord() {
    const record = {};
    const problems = [];
    const caseId = state.readCaseId();
    if (caseId) record.case_id = caseId;
    for (const field of state.fields.values()) {
      const answer = field.read();
      if (answer.bad) problems.push({ field, message: answer.bad });
      if (!('value' in answer)) continue;
      const keys = field.fact.path.split('.');
      let node = record;
      for (const key of keys.slice(0, -1)) node = node[key] || (node[key] = {});
      node[keys[keys.length - 1]] = answer.value;
    }
    return { record, problems };
  }

  function focusField(path) {
    const field = state.fields.get(path);
    if (!field) return;
    field.container.scrollIntoView({ block: 'center' });
    field.focusTarget().focus({ preventScroll: true });
  }

  // ---- screening ----

  // Reads the answers and screens them: the work done on every keystroke, before drawing.
  function screen() {
    const { record, problems } = readRecord();
    return { text: state.threshold.screenJson(JSON.stringify(record), state.options), problems };
  }

  function update() {
    const start = performance.now();
    const { text, problems } = screen();
    const changed = text !== state.lastText || problems.length > 0;
    const result = changed ? JSON.parse(text) : null;
    const screened = performance.now();
    if (changed) {
      state.lastText = problems.length ? null : text;
      render(result, problems);
    }
    state.timings.push({ engine: screened - start, render: performance.now() - screened });
  }

  // Marks each question: the next one to ask, one that can no longer change any review, or an
  // answer the screening could not use.
  function markFields(result, problems) {
    const errors = new Map();
    for (const problem of problems) errors.set(problem.field.fact.path, problem.message);
    if (result.error) {
      for (const error of result.errors) {
        const field = fieldAt(error.pointer);
        if (field) errors.set(field.fact.path, sentenceCase(error.message) + '.');
      }
    }
    const screening = result.error ? null : result;
    const missing = new Set();
    if (screening) for (const review of Object.values(screening.reviews)) review.missing.forEach((f) => missing.add(f));
    const next = screening && screening.next_question ? screening.next_question.fact : null;

    for (const [path, field] of state.fields) {
      const answered = 'value' in field.read();
      const message = errors.get(path) || '';
      field.error.textContent = message;
      field.container.classList.toggle('invalid', Boolean(message));
      const input = field.container.querySelector('input, select');
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      const isNext = path === next;
      const settled = Boolean(screening) && !answered && !missing.has(path);
      field.container.classList.toggle('next', isNext);
      field.container.classList.toggle('settled', settled);
      field.status.textContent = isNext ? 'Next question: answering it can change the screening.'
        : settled ? 'Cannot change any review now: you can leave it.' : '';
    }
  }

  function render(result, problems) {
    markFields(result, problems);
    const focusKey = panel.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    const content = [];
    if (result.error || problems.length) {
      const items = problems.map((p) => ({ path: p.field.fact.path, message: p.message }));
      if (result.error) {
        for (const error of result.errors) {
          const field = fieldAt(error.pointer);
          items.push({ path: field ? field.fact.path : null, message: sentenceCase(error.message) + '.' });
        }
      }
      content.push(h('section', { class: 'card alert', role: 'alert' },
        h('h3', { text: 'An answer needs correcting' }),
        h('ul', {}, items.map((item) => h('li', {},
          item.path ? h('button', { type: 'button', class: 'link', 'data-focus-key': 'fix:' + item.path,
                                    onclick: () => focusField(item.path),
                                    text: state.fields.get(item.path).fact.question }) : null,
          ' ', item.message))),
        h('p', { text: result.error ? (state.lastGood ? 'The screening below is from before that answer.' : '')
                                     : 'The screening below leaves that answer out.' })));
    }
    const screening = result.error ? state.lastGood : result;
    if (!result.error) state.lastGood = result;
    if (screening) content.push(renderScreening(screening, Boolean(result.error)));
    panel.replaceChildren(...content);
    if (focusKey) {
      const again = panel.querySelector('[data-focus-key="' + CSS.escape(focusKey) + '"]');
      if (again) again.focus();
    }
  }

  function goToButton(path, key, label) {
    const field = state.fields.get(path);
    return h('button', { type: 'button', class: 'link', 'data-focus-key': key, onclick: () => focusField(path),
                         text: label || (field ? field.fact.question : words(path)) });
  }

  function renderScreening(result, stale) {
    const parts = [];
    const next = result.next_question;
    parts.push(h('section', { class: 'card next-question', 'aria-labelledby': 'next-title' },
      h('h3', { id: 'next-title', text: next ? 'Next question' : 'Every review is decided' }),
      next ? [
        h('p', { class: 'next-text', text: next.question }),
        h('p', { class: 'muted', text: 'It can change ' + (next.reviews === 1 ? 'one review.' : next.reviews + ' reviews.') }),
        h('button', { type: 'button', class: 'primary', 'data-focus-key': 'next',
                      onclick: () => focusField(next.fact), text: 'Answer it' }),
      ] : h('p', { text: 'No unanswered question can change any outcome on these answers.' })));

    for (const [id, review] of Object.entries(result.reviews)) parts.push(renderReview(id, review));

    if (result.advisories.length) {
      parts.push(h('section', { class: 'card advisories' }, h('h3', { text: 'Across the reviews' }),
        h('ul', {}, result.advisories.map((a) => h('li', {}, a.text, ' ', citationElement(a.citation))))));
    }
    parts.push(h('p', { class: 'muted provenance',
      text: 'Screened as on ' + longDate(result.as_of) + ' with the ' + result.rules.name + ' rules, version ' +
            result.rules.version + ' (' + result.rules.digest.slice(0, 19) + '…), ' + result.engine.name + ' ' +
            result.engine.version + '.' }));
    return h('div', { class: stale ? 'results stale' : 'results' }, parts);
  }

  // A disclosure whose open or closed state survives the panel being redrawn on every keystroke.
  function disclosure(key, label, openByDefault, content) {
    const open = state.detailsOpen.has(key) ? state.detailsOpen.get(key) : openByDefault;
    const details = h('details', { class: 'more', open }, h('summary', { 'data-focus-key': key, text: label }), content);
    details.addEventListener('toggle', () => state.detailsOpen.set(key, details.open));
    return details;
  }

  function reasonList(review) {
    return h('ul', { class: 'reasons' }, review.reasons.map((reason) => {
      const truth = TRUTH[String(reason.value)];
      return h('li', { class: 'reason truth-' + truth.css + ' depth-' + Math.min(reason.depth, 4) },
        h('span', { class: 'mark', text: truth.word }),
        h('span', { class: 'reason-body' }, reason.text, ' ', citationElement(reason.citation)));
    }));
  }

  function lawApplied(review) {
    const set = review.rule_set;
    const parts = [h('span', {}, 'Decided by the ' + review.decision_maker + '. ')];
    if (set && set.id) {
      const chosen = set.chosen_by === 'date' ? 'by the ' + words(set.dated_by || 'date') + ' (' + longDate(set.date) + ')'
        : set.chosen_by === 'as_of' ? 'by the screening date (' + longDate(set.date) + '), as no date is given'
        : 'as asked';
      parts.push(h('span', {}, 'Law applied: ' + set.title + ', chosen ' + chosen + '. '));
    } else if (set) {
      parts.push(h('span', {}, 'Not in force on ' + longDate(set.date) + '. '));
    }
    parts.push(citationElement(review.citation));
    return h('p', { class: 'muted law' }, parts);
  }

  function renderReview(id, review) {
    const kind = !review.determined ? 'open' : review.met ? 'met' : 'none';
    const badge = review.determined ? outcomeLabel(review.outcome) : 'Not decided yet';
    const section = h('section', { class: 'card review review-' + kind, id: 'review-' + id, 'data-review': id,
                                   'aria-labelledby': 'review-' + id + '-title' });
    section.append(h('h3', { id: 'review-' + id + '-title' },
      h('span', { class: 'review-title', text: review.title }),
      h('span', { class: 'badge badge-' + kind, 'data-outcome': review.outcome || '', text: badge })));
    section.append(review.determined ? h('p', { class: 'summary', text: review.summary })
      : h('p', { class: 'summary' }, 'Still possible: ',
          h('strong', { text: listInWords(review.possible_outcomes.map(words)) }), '.'));

    if (kind === 'none') {
      // No review on this route: the why stays one click away.
      section.append(disclosure(id + ':reasons', 'Why not: the test, clause by clause', false,
        [lawApplied(review), reasonList(review)]));
      return section;
    }
    section.append(lawApplied(review));
    if (review.deadlines.length) {
      section.append(h('h4', { text: 'Deadlines' }), h('ul', { class: 'deadlines' }, review.deadlines.map((d) =>
        h('li', {}, h('strong', { text: d.due ? 'By ' + longDate(d.due) + ': '
                                      : d.outside_calendar ? 'Date beyond the bank-holiday calendar: ' : 'Date not known yet: ' }),
          d.text, ' ', citationElement(d.citation),
          d.waits_on ? h('span', { class: 'muted' }, ' Needs: ',
            d.waits_on.map((path, i) => [i ? ', ' : '', goToButton(path, 'deadline:' + id + ':' + path)])) : null))));
    }
    if (review.flags.length) {
      section.append(h('h4', { text: 'A person must decide' }), h('ul', { class: 'flags' }, review.flags.map((f) =>
        h('li', {}, f.text, ' ', citationElement(f.citation)))));
    }
    if (review.missing.length) {
      section.append(h('h4', { text: review.determined ? 'Could still change it' : 'Answers that would decide it' }),
        h('ul', { class: 'missing' }, review.missing.map((path) =>
          h('li', {}, goToButton(path, 'missing:' + id + ':' + path)))));
    }
    if (review.reasons.length) {
      section.append(disclosure(id + ':reasons', 'Why: the test, clause by clause', kind === 'met', reasonList(review)));
    }
    if (review.advisories.length) {
      section.append(disclosure(id + ':advisories', 'For the decision-maker (' + review.advisories.length + ')', false,
        h('ul', { class: 'advisories' }, review.advisories.map((a) => h('li', {}, a.text, ' ', citationElement(a.citation))))));
    }
    return section;
  }

  // ---- start ----

  function start(threshold) {
    state.threshold = threshold;
    const about = threshold.about();
    if (about.error) throw new Error(about.error.message);
    // ?as_of=YYYY-MM-DD screens as on another date (by default today). The panel does not show
    // counterfactuals, so they are not computed.
    const asOf = new URLSearchParams(window.location.search).get('as_of');
    state.options = JSON.stringify(asOf ? { as_of: asOf, why_not: false } : { why_not: false });
    state.facts = threshold.facts();
    buildForm(state.facts, threshold.schema());
    document.getElementById('about').textContent =
      'A screening aid, not legal advice: the decision belongs to the body the screening names. Rules: ' +
      about.rules.title + ', version ' + about.rules.version + '; engine ' + about.engine.name + ' ' +
      about.engine.version + '.';
    form.addEventListener('input', update);
    form.addEventListener('focusout', update);  // an unfinished date or number becomes an error
    update();
    document.body.dataset.ready = 'true';
  }

  function fail(message) {
    const status = document.getElementById('form-status');
    if (status) status.textContent = message;
    panel.replaceChildren(h('p', { class: 'card alert', role: 'alert', text: message }));
    document.body.dataset.ready = 'failed';
  }

  // For the browser test: per-update timings, and the screening step on its own.
  window.thresholdForm = { timings: state.timings, screen };
  if (typeof window.createThreshold !== 'function') {
    fail('The screening engine (threshold.js) is missing: build it with scripts/serve-form.sh.');
    return;
  }
  window.createThreshold().then(start).catch(() => fail('The screening engine could not start in this browser.'));
})();
