// SHA-256, Ed25519, PBKDF2 and AES-GCM: WebCrypto where the page has it (a secure context: https, or http on localhost),
// else the audited noble libraries committed under assets/vendor. `?crypto=js` in the page's address forces the noble
// path (the tests sign with both and compare the bytes).

import * as ed from '../../vendor/noble-ed25519/index.js';
import { sha256 as nobleSha256, sha512 as nobleSha512 } from '../../vendor/noble-hashes/sha2.js';
import { pbkdf2Async } from '../../vendor/noble-hashes/pbkdf2.js';
import { gcm } from '../../vendor/noble-ciphers/aes.js';
import { concat, fromBase64Url } from './bytes.js';

ed.hashes.sha512 = nobleSha512;
ed.hashes.sha512Async = async (m) => nobleSha512(m);

const forceJs = new URLSearchParams(globalThis.location?.search ?? '').get('crypto') === 'js';
const subtle = forceJs ? null : globalThis.crypto?.subtle ?? null;

let ed25519Native = null;
async function hasNativeEd25519() {
  if (ed25519Native !== null) return ed25519Native;
  if (!subtle) return (ed25519Native = false);
  try {
    await subtle.importKey('raw', ed.getPublicKey(new Uint8Array(32)), { name: 'Ed25519' }, false, ['verify']);
    ed25519Native = true;
  } catch {
    ed25519Native = false;
  }
  return ed25519Native;
}

/** Which implementation signs and hashes here: 'webcrypto' or 'noble'. */
export async function backend() {
  return (await hasNativeEd25519()) ? 'webcrypto' : 'noble';
}

export async function sha256(bytes) {
  if (subtle) return new Uint8Array(await subtle.digest('SHA-256', bytes));
  return nobleSha256(bytes);
}

/** SHA-256 of an ASCII domain, a zero byte, then the data (Hashing.Domain in the C# code). */
export async function domainHash(domain, data) {
  return sha256(concat(new TextEncoder().encode(domain), new Uint8Array([0]), data));
}

// PKCS#8 wrapping of a 32-byte Ed25519 seed (RFC 8410).
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

/** An Ed25519 signing key made from a 32-byte seed; the seed stays inside this object and the page's memory. */
export class Signer {
  #seed;
  #key;
  constructor(seed, publicKey, key) {
    this.#seed = seed;
    this.publicKey = publicKey;
    this.#key = key;
  }

  static async fromSeed(seed) {
    if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
    const copy = Uint8Array.from(seed);
    if (await hasNativeEd25519()) {
      const extractable = await subtle.importKey('pkcs8', concat(PKCS8_PREFIX, copy), { name: 'Ed25519' }, true, ['sign']);
      const jwk = await subtle.exportKey('jwk', extractable);
      const key = await subtle.importKey('pkcs8', concat(PKCS8_PREFIX, copy), { name: 'Ed25519' }, false, ['sign']);
      return new Signer(copy, fromBase64Url(jwk.x), key);
    }
    return new Signer(copy, await ed.getPublicKeyAsync(copy), null);
  }

  async sign(message) {
    if (this.#key) return new Uint8Array(await subtle.sign({ name: 'Ed25519' }, this.#key, message));
    return ed.signAsync(message, this.#seed);
  }

  /** The seed, for the encrypted key store and the key-file download only. */
  exportSeed() {
    return Uint8Array.from(this.#seed);
  }
}

/** PBKDF2-HMAC-SHA-256 → 32 bytes. */
export async function pbkdf2(passphrase, salt, iterations) {
  const pass = new TextEncoder().encode(passphrase);
  if (subtle) {
    const base = await subtle.importKey('raw', pass, 'PBKDF2', false, ['deriveBits']);
    return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 256));
  }
  return pbkdf2Async(nobleSha256, pass, salt, { c: iterations, dkLen: 32, asyncTick: 20 });
}

export async function aesGcmEncrypt(key, iv, plaintext) {
  if (subtle) {
    const k = await subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
    return new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv }, k, plaintext));
  }
  return gcm(key, iv).encrypt(plaintext);
}

/** Decrypts and authenticates; throws when the key (passphrase) is wrong or the data was altered. */
export async function aesGcmDecrypt(key, iv, ciphertext) {
  if (subtle) {
    const k = await subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv }, k, ciphertext));
  }
  return gcm(key, iv).decrypt(ciphertext);
}

