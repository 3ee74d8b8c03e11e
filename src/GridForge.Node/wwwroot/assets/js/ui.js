// Feedback: toasts read out by screen readers, a progress line for long work, and the dialog that shows what a
// transaction will do before it is signed.

import { h, put } from './dom.js';

let toastRegion;

export function mountFeedback(region) { toastRegion = region; }

/** A short message in the corner (role=status; errors role=alert). */
export function toast(text, kind = 'info', ms = 6000) {
  if (!toastRegion) return;
  const el = h('div', { class: ['toast', kind], role: kind === 'error' ? 'alert' : 'status' }, text,
    h('button', { class: 'close', type: 'button', 'aria-label': 'Dismiss', on: { click: () => el.remove() } }, '×'));
  toastRegion.append(el);
  if (ms) setTimeout(() => el.remove(), kind === 'error' ? ms * 2 : ms);
}

/** An inline message under a form: errors in words, cleared on the next try. */
export function message(el, text, kind = 'error') {
  put(el, text ? h('p', { class: ['message', kind], role: kind === 'error' ? 'alert' : 'status' }, text) : null);
}

/** Runs long work behind a progress line and a disabled button; errors land in `out` in words. */
export async function busy(button, out, label, work) {
  const old = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = label;
  const progress = h('p', { class: 'progress', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), label);
  if (out) put(out, progress);
  try {
    return await work();
  } catch (e) {
    if (out) message(out, e.message);
    else toast(e.message, 'error');
    return undefined;
  } finally {
    // The work may have left its own message in `out`; only the progress line goes.
    progress.remove();
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = old;
  }
}

/** A modal dialog asking to sign: resolves true when the person confirms. */
export function confirmDialog(title, rows, details) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      h('dl', null, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
      details ? h('details', null, h('summary', null, 'Bytes to be signed'), h('code', { class: 'hex' }, details)) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', on: { click: () => close(false) } }, 'Cancel'),
        h('button', { type: 'button', class: 'primary', on: { click: () => close(true) } }, 'Sign and send')));
    function close(ok) {
      dialog.close();
      dialog.remove();
      resolve(ok);
    }
    dialog.addEventListener('cancel', () => close(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}
