// Keys in the browser: new, from a `gridforge keys` key file, from a dev name (dev chains only), and the optional
// encrypted store. The seed never leaves the page: it is sent nowhere, and stored only when the user asks, encrypted with
// a key derived from a passphrase (PBKDF2-SHA-256, 600,000 iterations → AES-256-GCM).

import { Signer, domainHash, pbkdf2, aesGcmEncrypt, aesGcmDecrypt } from './primitives.js';
import { addressOf } from './bech32m.js';
import { fromHex, randomBytes, toHex, utf8, equal } from './bytes.js';

export const DEV_NAMES = ['alice', 'bob', 'charlie', 'dso', 'issuer', 'validator'];

/** True for the dev accounts and the dev community's members (member-01 … member-999) and its gateway. */
export function isDevName(name) {
  return DEV_NAMES.includes(name) || name === 'community-gateway' || memberNumber(name) !== null;
}

function memberNumber(name) {
  const m = /^member-(\d{2,3})$/.exec(name);
  if (!m) return null;
  const n = Number(m[1]);
  // Written as the simulator writes them: at least two digits, no extra leading zero.
  return n >= 1 && n <= 999 && `member-${String(n).padStart(2, '0')}` === name ? n : null;
}

/** The seed of a dev name: SHA-256("gridforge dev account" 0x00 ‖ name), or for the community
 *  SHA-256("gridforge community member" 0x00 ‖ name) (DevAccounts.cs, CommunityKeys.cs). */
export async function devSeed(name) {
  if (DEV_NAMES.includes(name)) return domainHash('gridforge dev account', utf8(name));
  if (name === 'community-gateway' || memberNumber(name) !== null) return domainHash('gridforge community member', utf8(name));
  throw new Error(`'${name}' is not a dev name (alice, bob, charlie, dso, issuer, validator, member-01 …)`);
}

export async function fromDevName(name) {
  return Signer.fromSeed(await devSeed(name));
}

export async function generate() {
  return Signer.fromSeed(randomBytes(32));
}

/** A key from a `gridforge keys new` file: {"type":"ed25519","seed":hex,"publicKey":hex,"address":…}. */
export async function fromKeyFile(text) {
  let file;
  try { file = JSON.parse(text); } catch { throw new Error('this is not a GridForge key file (not JSON)'); }
  if (!file || file.type !== 'ed25519' || typeof file.seed !== 'string') throw new Error('this is not a GridForge key file (no ed25519 seed)');
  let seed;
  try { seed = fromHex(file.seed); } catch { throw new Error('the key file\'s seed is not hexadecimal'); }
  if (seed.length !== 32) throw new Error('the key file\'s seed is not 32 bytes');
  const signer = await Signer.fromSeed(seed);
  if (typeof file.publicKey === 'string' && !equal(fromHex(file.publicKey), signer.publicKey)) throw new Error('the key file\'s public key does not match its seed');
  return signer;
}

/** The key file `gridforge keys` reads, for a key made here. */
export function toKeyFile(signer) {
  return JSON.stringify({ type: 'ed25519', seed: toHex(signer.exportSeed()), publicKey: toHex(signer.publicKey), address: addressOf(signer.publicKey) }, null, 2) + '\n';
}

const STORE_KEY = 'gridforge.wallet.v1';
export const PBKDF2_ITERATIONS = 600_000;

/** The stored (encrypted) keys: [{address, label, salt, iv, ciphertext, iterations}]. */
export function storedKeys() {
  try {
    const list = JSON.parse(localStorage.getItem(STORE_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((k) => k && typeof k.address === 'string') : [];
  } catch {
    return [];
  }
}

export async function store(signer, label, passphrase) {
  if (!passphrase || passphrase.length < 8) throw new Error('choose a passphrase of at least 8 characters');
  const salt = randomBytes(16), iv = randomBytes(12);
  const key = await pbkdf2(passphrase, salt, PBKDF2_ITERATIONS);
  const ciphertext = await aesGcmEncrypt(key, iv, signer.exportSeed());
  const address = addressOf(signer.publicKey);
  const entry = { address, label: String(label).slice(0, 64), salt: toHex(salt), iv: toHex(iv), ciphertext: toHex(ciphertext), iterations: PBKDF2_ITERATIONS };
  localStorage.setItem(STORE_KEY, JSON.stringify([...storedKeys().filter((k) => k.address !== address), entry]));
  return entry;
}

export async function unlock(address, passphrase) {
  const entry = storedKeys().find((k) => k.address === address);
  if (!entry) throw new Error('no key stored for this address');
  const key = await pbkdf2(passphrase, fromHex(entry.salt), entry.iterations);
  let seed;
  try {
    seed = await aesGcmDecrypt(key, fromHex(entry.iv), fromHex(entry.ciphertext));
  } catch {
    throw new Error('wrong passphrase');
  }
  const signer = await Signer.fromSeed(seed);
  if (addressOf(signer.publicKey) !== address) throw new Error('the stored key does not match its address');
  return signer;
}

export function forget(address) {
  localStorage.setItem(STORE_KEY, JSON.stringify(storedKeys().filter((k) => k.address !== address)));
}
