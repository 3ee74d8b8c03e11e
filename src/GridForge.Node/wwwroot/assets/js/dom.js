// Building the page without ever parsing markup: every value from the chain or the user becomes a text node or an
// attribute set through setAttribute, so a contract name, a reason or a payout reference can never run as code.
// (innerHTML, insertAdjacentHTML and document.write are not used anywhere in the dashboard; a test greps for them.)

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, props) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) el.dataset[k] = String(v);
    } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') {
      el[key] = value;
    } else if (/^on/i.test(key) || key === 'innerHTML' || key === 'outerHTML' || key === 'srcdoc') {
      throw new Error(`refusing to set ${key}`);
    } else if (key === 'href' && !/^(#|\/|https?:|blob:)/.test(String(value))) {
      throw new Error('refusing a link that is not http(s), a path or a fragment');
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: h('button', {class: 'primary', on: {click}}, 'Sign'). Strings become text, never markup. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  apply(el, props);
  append(el, children);
  return el;
}

/** An SVG element, the same way. */
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, props);
  append(el, children);
  return el;
}

/** Replaces an element's children. */
export function put(el, ...children) {
  delete el.dataset.shown;
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** A labelled form field; returns the wrapper, the control is reachable as .control. */
export function field(label, control, hint) {
  const id = control.id || (control.id = 'f-' + Math.random().toString(36).slice(2, 9));
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', { class: 'hint' }, hint) : null);
  wrap.control = control;
  return wrap;
}

export function select(name, options, value) {
  return h('select', { name }, options.map(([v, text]) => h('option', { value: v, selected: String(v) === String(value) }, text)));
}

/** A table from column headers and rows of cells (strings or nodes); `empty` is shown when there are no rows. */
export function table(caption, headers, rows, empty = 'Nothing yet.') {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  // Focusable and named, so a table wider than a phone can be scrolled from the keyboard.
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption ?? headers.join(', ') },
    h('table', null,
      caption ? h('caption', null, caption) : null,
      h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c)))))));
}

export function card(title, ...children) {
  const headingId = 'h-' + Math.random().toString(36).slice(2, 9);
  return h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), ...children);
}

/** Replaces an element's children with build()'s only when `data` differs from what it shows, and not while a person is
 *  typing in it: a view refreshed as blocks arrive never takes a half-filled field away (the next refresh catches up). */
export function render(el, data, build) {
  const key = JSON.stringify(data);
  if (el.dataset.shown === key) return;
  const active = document.activeElement;
  if (active && el.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) return;
  // Nor while something sent from inside it is on its way (busy() marks its button): the person is waiting for its outcome there.
  if (el.querySelector('[aria-busy="true"]')) return;
  put(el, build());
  el.dataset.shown = key;
}
