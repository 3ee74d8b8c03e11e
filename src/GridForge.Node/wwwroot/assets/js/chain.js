// What every view needs to know about the chain: its status (id, height, fee) and the grid (slot length, zones),
// refreshed as blocks arrive.

import * as api from './api.js';
import { onBlock } from './live.js';

let status = null;
let grid = null;
let params = [];
const listeners = new Set();

export async function load() {
  [status, grid, params] = await Promise.all([api.get('status'), api.get('grid'), api.get('governance/params')]);
  return { status, grid };
}

/** A governance parameter's value now (e.g. param('market', 'gate_closure_s')), or the fallback. */
export const param = (module, name, fallback) => params.find((p) => p.module === module && p.name === name)?.value ?? fallback;

/** The slots orders may name now: from the first whose gate has not closed to the last within the market's horizon. */
export function tradableSlots() {
  const length = slotSeconds();
  const now = status?.latestTime ?? 0;
  const gate = param('market', 'gate_closure_s', 300), horizon = param('market', 'horizon_s', 86400);
  const slots = [];
  for (let s = Math.floor((now + gate) / length) + 1; (s * length) - horizon <= now; s++) slots.push(s);
  return slots.filter((s) => s * length - gate > now);
}

export const current = () => ({ status, grid });
export const slotSeconds = () => grid?.slotSeconds ?? 900;
export const zones = () => (grid?.zones ?? []).map((z) => z.name);
export const currentSlot = () => grid?.currentSlot ?? 0;

export function onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

let refreshing = false;
onBlock(async (block) => {
  if (status) Object.assign(status, { height: block.header.height, latestTime: block.header.time, latestHash: block.header.hash });
  if (refreshing) return;
  refreshing = true;
  try {
    // The slot moves with chain time; the grid changes only by DSO transactions: refresh both cheaply.
    [status, grid] = await Promise.all([api.get('status'), api.get('grid')]);
    for (const fn of listeners) fn({ status, grid });
  } catch {
    // the next block tries again
  } finally {
    refreshing = false;
  }
});
