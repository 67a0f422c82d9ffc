// Encrypted profile export: AES-GCM with a key derived from a passphrase by
// PBKDF2-SHA-256 (WebCrypto in browsers, Node's webcrypto in Node).
//
//   "RRENC1" | u32 iterations | salt[16] | iv[12] | AES-GCM ciphertext (with its 16-byte tag)
//
// The header is bound to the ciphertext as additional authenticated data, so
// changing the iteration count or salt also fails authentication.
import { ReelRankError, argError } from './errors.js';

const MAGIC = [0x52, 0x52, 0x45, 0x4e, 0x43, 0x31]; // "RRENC1"
const HEADER = 6 + 4 + 16 + 12;
export const DEFAULT_ITERATIONS = 310_000; // OWASP's 2023 figure for PBKDF2-HMAC-SHA256
const MIN_ITERATIONS = 10_000;

function subtle() {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new ReelRankError('E_STATE', 'encrypted export needs WebCrypto (crypto.subtle): a secure context (https or localhost) in browsers, Node 18+');
  return s;
}

export function checkPassphrase(passphrase, where) {
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw argError(`${where}: passphrase must be a non-empty string`);
  }
  return passphrase;
}

export function isEncrypted(bytes) {
  return bytes.length >= HEADER && MAGIC.every((b, i) => bytes[i] === b);
}

async function deriveKey(passphrase, salt, iterations) {
  const base = await subtle().importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base,
    { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function encrypt(plain, passphrase, iterations = DEFAULT_ITERATIONS) {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > 10_000_000) {
    throw argError(`iterations must be an integer from ${MIN_ITERATIONS} to 10,000,000`);
  }
  const out = new Uint8Array(HEADER + plain.length + 16);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(6, iterations, true);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  out.set(salt, 10);
  out.set(iv, 26);
  const key = await deriveKey(passphrase, salt, iterations);
  const sealed = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: out.subarray(0, HEADER) }, key, plain));
  out.set(sealed, HEADER);
  return out;
}

export async function decrypt(bytes, passphrase) {
  if (!isEncrypted(bytes) || bytes.length < HEADER + 16) {
    throw new ReelRankError('E_CORRUPT', 'these bytes are not an encrypted reelrank export (bad header or too short)');
  }
  const iterations = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(6, true);
  if (iterations < MIN_ITERATIONS || iterations > 10_000_000) {
    throw new ReelRankError('E_CORRUPT', 'the encrypted export has an invalid key-derivation setting');
  }
  const header = bytes.slice(0, HEADER);
  const key = await deriveKey(passphrase, bytes.slice(10, 26), iterations);
  try {
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: bytes.slice(26, 38), additionalData: header }, key, bytes.slice(HEADER)));
  } catch {
    throw new ReelRankError('E_DECRYPT', 'could not decrypt: the passphrase is wrong or the bytes were changed');
  }
}
