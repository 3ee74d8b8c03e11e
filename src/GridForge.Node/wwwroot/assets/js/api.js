// The node's REST API, relative to the page (the node that served it; any reverse-proxy prefix works), and its problem
// details turned into sentences a person understands.

const BASE = new URL('api/v1/', document.baseURI);

/** What the API's stable codes mean for the person who pressed the button. */
const MEANINGS = {
  malformed: 'The node could not read the request.',
  bad_request: 'The request is not valid.',
  not_found: 'Nothing by that name or number exists on this chain.',
  invalid_address: 'That is not a valid address (it starts with grid1…).',
  invalid_meter: 'That is not a valid meter id (it starts with meter1…).',
  wrong_chain: 'The transaction was made for another chain.',
  dev_key_forbidden: 'Dev keys are public and refused on this chain; use your own key file.',
  bad_signature: 'The signature does not match the sender.',
  nonce_replayed: 'This transaction (or another with the same number) was already sent. Try again.',
  nonce_future: 'An earlier transaction of yours has not arrived yet. Try again in a moment.',
  expired: 'The transaction expired before it was included.',
  fee_too_low: 'The fee is below the chain\'s minimum.',
  insufficient_fee: 'You have not enough free WATT to pay the fee.',
  insufficient_funds: 'You have not enough free balance for this.',
  invalid_amount: 'The amount must be more than zero.',
  arithmetic_overflow: 'The numbers are too large.',
  duplicate: 'This transaction is already waiting to be included.',
  mempool_full: 'The node is busy; try again in a moment.',
  no_meter: 'To sell you need an active production meter in that zone.',
  over_capacity: 'Your meter cannot deliver that much in one slot (its rated power minus what you already offer).',
  slot_closed: 'That delivery slot has closed (gate closure is 5 minutes before delivery).',
  slot_not_open: 'That delivery slot\'s book is not open yet.',
  price_out_of_bounds: 'The price is beyond the market\'s price limit.',
  quantity_out_of_bounds: 'The quantity must be a positive number of Wh within the limit.',
  unknown_order: 'No such order.',
  unknown_book: 'No order has opened that slot\'s book.',
  not_owner: 'That is not yours.',
  order_not_resting: 'That order is no longer in the book (filled, cancelled or expired).',
  debt_outstanding: 'You have a settlement debt (an imbalance penalty, or a contract period you could not pay); pay it before selling, or buying while you owe another account.',
  fok_not_filled: 'Fill-or-kill: the book could not fill the whole order, so nothing traded.',
  link_full: 'The grid link between these zones is full for that slot.',
  unknown_zone: 'No such zone in the grid.',
  unknown_link: 'No link joins those zones.',
  capacity_out_of_bounds: 'That capacity is outside what governance allows.',
  invalid_slot_range: 'Choose future slots, first before last.',
  unknown_certificate: 'No such certificate.',
  meter_exists: 'That meter is registered already.',
  invalid_rated_power: 'The rated power is not valid.',
  no_voting_power: 'Only bonded GRID votes: bond some GRID first.',
  voting_closed: 'Voting on this proposal has ended.',
  unknown_proposal: 'No such proposal.',
  not_bonded: 'You have no bonded GRID.',
  below_min_bond: 'The bond is below the minimum.',
  invalid_targets: 'Choose between one and the maximum number of validators.',
  redeem_exceeds_balance: 'You cannot redeem more WATT than you hold.',
  unknown_issuer: 'No such WATT issuer.',
  invalid_reference: 'The payout reference is not valid (letters, digits and - _ . : only).',
  invalid_terms: 'The contract\'s terms are not valid.',
  invalid_term: 'One of the contract\'s terms is not valid.',
  too_many_contracts: 'You have as many contracts as the chain allows.',
  unauthorized: 'Only the account with that role may do this.',
  not_dso: 'Only the grid operator (DSO) may do this.',
  internal_error: 'The node failed to handle the request.',
};

export class ApiError extends Error {
  constructor(status, code, detail) {
    super(humanize(code, detail));
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/** "What it means" first, then the node's own words and the code, so nothing is hidden. */
export function humanize(code, detail) {
  const meaning = MEANINGS[code];
  if (meaning && detail && detail !== meaning) return `${meaning} (${detail}; ${code})`;
  if (meaning) return `${meaning} (${code})`;
  return detail ? `${detail}${code ? ` (${code})` : ''}` : `The node refused (${code ?? 'no code'}).`;
}

async function request(method, path, body) {
  let response;
  try {
    response = await fetch(new URL(path.replace(/^\//, ''), BASE), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'unreachable', 'The node cannot be reached. Is it running?');
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ApiError(response.status, json?.code ?? `http_${response.status}`, json?.detail ?? json?.title ?? null);
  return json;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);

/** GET that answers null instead of throwing for 404. */
export async function find(path) {
  try { return await get(path); } catch (e) { if (e.status === 404) return null; throw e; }
}

export const streamUrl = (path) => new URL(path.replace(/^\//, ''), BASE).toString();
