// Grid: zones and links as a diagram with the slot's flows (colour = how full a link is), room and the fee the next kWh
// pays on each link; for the DSO, capacity overrides and meter registration.

import { h, s, put, field, select, table, card } from '../dom.js';
import * as api from '../api.js';
import * as wallet from '../wallet.js';
import * as tx from '../crypto/tx.js';
import * as chain from '../chain.js';
import { onMarket, onBlockThrottled } from '../live.js';
import { busy } from '../ui.js';
import { price, parseInteger, wh, slotLabel, percent } from '../format.js';
import { resolveAddress } from './wallet.js';

export const title = 'Grid';

let chosen = null;

/** ok below half full, busy below 90%, full from 90% or when no room is left. */
export function congestion(link) {
  if (link.capacity <= 0 || link.room <= 0) return 'full';
  const used = link.flow / link.capacity;
  return used >= 0.9 ? 'full' : used >= 0.5 ? 'busy' : 'ok';
}

function diagram(zones, links) {
  const W = 640, H = 380, R = 140, cx = W / 2, cy = H / 2;
  const pos = new Map(zones.map((z, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, zones.length);
    return [z.name, { x: cx + (zones.length === 1 ? 0 : R * 1.5 * Math.cos(angle)), y: cy + (zones.length === 1 ? 0 : R * Math.sin(angle)) }];
  }));
  const pairs = new Map();
  for (const l of links) {
    const key = [l.from, l.to].sort().join('|');
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(l);
  }
  const order = { ok: 0, busy: 1, full: 2 };
  const parts = [];
  for (const dirs of pairs.values()) {
    const [a, b] = [pos.get(dirs[0].from), pos.get(dirs[0].to)];
    if (!a || !b) continue;
    const worst = dirs.map(congestion).sort((x, y) => order[y] - order[x])[0];
    const label = dirs.map((l) => `${l.from}→${l.to}: flow ${wh(l.flow)}, room ${wh(l.room)}, fee ${price(l.fee)}`).join('; ');
    parts.push(s('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: ['link', worst] }, s('title', null, label)));
    const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
    dirs.forEach((l, i) => {
      const y = my - 10 + i * 16;
      parts.push(s('rect', { x: mx - 92, y: y - 11, width: 184, height: 15, rx: 3, class: 'flow-bg' }));
      parts.push(s('text', { x: mx, y, 'text-anchor': 'middle', class: 'flow' }, `${l.from}→${l.to} ${wh(Math.max(0, l.flow))} · room ${wh(l.room)}`));
    });
  }
  for (const z of zones) {
    const p = pos.get(z.name);
    parts.push(s('g', { class: 'zone' }, s('circle', { cx: p.x, cy: p.y, r: 34 }),
      s('text', { x: p.x, y: p.y + 2, 'text-anchor': 'middle' }, z.name),
      s('text', { x: p.x, y: p.y + 17, 'text-anchor': 'middle', class: 'sub' }, `${z.meters} meters`)));
  }
  const full = links.filter((l) => congestion(l) === 'full').length;
  return s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart grid-map', role: 'img', 'aria-label': `Grid with ${zones.length} zones and ${pairs.size} links; ${full} link directions full` },
    s('title', null, 'Zones and links'), ...parts);
}

export async function render(root) {
  const picker = h('div'), map = h('div'), linksCard = h('div'), dso = h('div');
  put(root, h('h1', null, 'Grid'), picker, h('div', { class: 'grid-2' }, map, linksCard), dso);

  const slotSelect = h('select', { name: 'grid-slot' });
  slotSelect.addEventListener('change', () => { chosen = Number(slotSelect.value); refresh(); });
  put(picker, card('Slot', field('Flows and fees of the slot', slotSelect)));
  let shown = '';
  async function loadPicker() {
    const open = await api.get('market/open');
    const now = chain.currentSlot();
    const slots = [now, ...chain.tradableSlots().filter((x) => x !== now)];
    if (chosen === null || !slots.includes(chosen)) chosen = open.find((x) => slots.includes(x)) ?? now;
    const key = slots.join(',') + '|' + open.join(',');
    if (key === shown) return;
    shown = key;
    put(slotSelect, slots.map((x) => h('option', { value: x, selected: x === chosen },
      `${slotLabel(x, chain.slotSeconds())}${x === now ? ' (delivering now)' : open.includes(x) ? ' · book open' : ''}`)));
  }

  async function refresh() {
    const slot = chosen;
    const [topology, links] = await Promise.all([api.get(`grid?slot=${slot}`), api.get(`market/slots/${slot}/links`)]);
    if (slot !== chosen) return;
    put(map, card(`Zones and links · ${slotLabel(slot, chain.slotSeconds())}`,
      diagram(topology.zones, links.links),
      h('div', { class: 'legend' }, h('span', null, h('span', { class: 'sw ok' }), 'room'), h('span', null, h('span', { class: 'sw busy' }), 'half full or more'), h('span', null, h('span', { class: 'sw full' }), 'full (90% or more)')),
      h('p', { class: 'hint' }, links.book === 'not_open' ? 'This slot\'s book has not opened: no flow yet, base fees.' : `Book ${links.book}. Fees rise with the flow: base + base × ${links.congestionPermille}‰ × flow ÷ capacity.`)));
    put(linksCard, card('Room and fees',
      h('p', null, `Within a zone: ${price(links.localFee)}.`),
      table(null, ['Link', 'Capacity', 'Flow', 'Room', 'Used', 'Fee now', 'Base fee'], links.links.map((l) => [
        h('span', { 'data-link': `${l.from}-${l.to}`, class: ['link-name', congestion(l)] }, `${l.from} → ${l.to}`),
        wh(l.capacity), wh(l.flow), wh(l.room), percent(Math.max(0, l.flow), l.capacity), price(l.fee), price(l.baseFee),
      ]), 'No links.')));
  }

  async function dsoForms() {
    const overrides = await api.get('grid/overrides');
    const zs = chain.zones().map((z) => [z, z]);
    const from = select('o-from', zs, zs[0]?.[0]), to = select('o-to', zs, zs[1]?.[0] ?? zs[0]?.[0]);
    const first = h('input', { type: 'text', name: 'o-first', value: String(chain.currentSlot() + 4) });
    const last = h('input', { type: 'text', name: 'o-last', value: String(chain.currentSlot() + 8) });
    const capacity = h('input', { type: 'text', name: 'o-capacity', placeholder: 'empty: back to normal' });
    const both = h('input', { type: 'checkbox', name: 'o-both', checked: true });
    const oOut = h('div');
    const oGo = h('button', { type: 'submit' }, 'Review and set');
    const oForm = h('form', { class: 'stack', novalidate: true },
      h('div', { class: 'row' }, field('From zone', from), field('To zone', to), field('First slot', first), field('Last slot', last), field('Capacity, Wh per slot', capacity)),
      h('div', { class: 'field check' }, h('label', null, both, ' Both directions')), oGo, oOut);
    oForm.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(oGo, oOut, 'Setting…', async () => {
        const cap = capacity.value.trim() === '' ? null : parseInteger(capacity.value, 'Capacity', { min: 0 });
        const f = parseInteger(first.value, 'First slot', { min: 0 }), l = parseInteger(last.value, 'Last slot', { min: f });
        await wallet.send(tx.setCapacity({ from: from.value, to: to.value, first: f, last: l, capacity: cap, both: both.checked }), {
          title: `Capacity ${from.value}→${to.value}${both.checked ? ' and back' : ''}`, rows: [['Slots', `${slotLabel(f, chain.slotSeconds())} to ${slotLabel(l, chain.slotSeconds())}`], ['Capacity', cap === null ? 'back to normal' : wh(cap)]] });
        dsoForms();
      });
    });
    const meter = h('input', { type: 'text', name: 'm-id', placeholder: 'meter1… (from gridforge meter keygen)' });
    const owner = h('input', { type: 'text', name: 'm-owner', placeholder: 'grid1…' });
    const zone = select('m-zone', zs, zs[0]?.[0]);
    const kind = select('m-kind', Object.keys(tx.METER_KINDS).map((k) => [k, k]), 'production');
    const tech = select('m-tech', Object.keys(tx.TECHNOLOGIES).map((k) => [k, k]), 'solar');
    const rated = h('input', { type: 'text', name: 'm-rated', value: '5000' });
    const serial = h('input', { type: 'text', name: 'm-serial' });
    const mOut = h('div');
    const mGo = h('button', { type: 'submit' }, 'Review and register');
    const mForm = h('form', { class: 'stack', novalidate: true },
      h('div', { class: 'row' }, field('Meter id', meter), field('Owner', owner)),
      h('div', { class: 'row' }, field('Zone', zone), field('Kind', kind), field('Technology', tech), field('Rated power, W', rated), field('Serial', serial)), mGo, mOut);
    mForm.addEventListener('submit', (e) => {
      e.preventDefault();
      busy(mGo, mOut, 'Registering…', async () => {
        const ownerAddress = await resolveAddress(owner.value);
        const w = parseInteger(rated.value, 'Rated power', { min: 1 });
        await wallet.send(tx.registerMeter({ meter: meter.value.trim(), owner: ownerAddress, zone: zone.value, kind: kind.value, technology: tech.value, ratedPowerW: w, serial: serial.value }), {
          title: 'Register a meter', rows: [['Meter', meter.value.trim()], ['Owner', ownerAddress], ['Where', `${zone.value}, ${kind.value}, ${tech.value}, ${w.toLocaleString('en-US')} W`]] });
      });
    });
    put(dso, card('Grid operator (DSO)',
      h('p', { class: 'hint' }, 'Only the DSO\'s key may do these; any other signer is refused by the chain.'),
      h('h3', null, 'Capacity overrides'),
      table(null, ['Link', 'Slots', 'Capacity'], overrides.map((o) => [`${o.from} → ${o.to}`, `${slotLabel(o.first, chain.slotSeconds())} – ${slotLabel(o.last, chain.slotSeconds())}`, wh(o.capacity)]), 'No overrides in force.'),
      oForm, h('h3', null, 'Register a meter'), mForm));
  }

  await loadPicker();
  await Promise.all([refresh(), dsoForms()]);
  let pending = false;
  const offs = [
    onMarket((e) => {
      if (e.kind === 'trade' && Number(e.attributes.slot) === chosen && !pending) {
        pending = true;
        setTimeout(() => { pending = false; refresh().catch(() => {}); }, 800);
      }
    }),
    onBlockThrottled(() => loadPicker().catch(() => {}), 10000),
  ];
  return () => offs.forEach((off) => off());
}
