// What every view needs to know about the chain: its status (id, height, fee) and the grid (slot length, zones),
// refreshed as blocks arrive.

import * as api from './api.js';
import { onBlock } from './live.js';

let status = null;
let grid = null;
const listeners = new Set();

export async function load() {
  [status, grid] = await Promise.all([api.get('status'), api.get('grid')]);
  return { status, grid };
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
