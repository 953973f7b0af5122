import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';

/**
 * Encryption of personal data at rest (phone and ID numbers, PIPL / MLPS level 3 practice):
 * values are sealed with AES-256-GCM, and an HMAC blind index lets exact lookups run without
 * decrypting anything.
 */
export interface PiiCipher {
  /** Seals a value: `version ‖ iv(12) ‖ tag(16) ‖ ciphertext`, with a fresh random IV. */
  encrypt(plain: string): Buffer;
  /** Opens a sealed value; throws {@link PiiDecryptError} when the key is wrong or the data was altered. */
  decrypt(data: Buffer): string;
  /** Deterministic keyed hash of the normalised value, for `where phone_index = …` lookups. */
  blindIndex(kind: 'phone' | 'id_number', plain: string): string;
}

/** Raised when a sealed value cannot be opened: a different key, truncation or tampering. */
export class PiiDecryptError extends Error {
  constructor(reason: string) {
    super(`personal data could not be decrypted (${reason}): wrong ZHILI_SECRET_KEY or tampered data`);
    this.name = 'PiiDecryptError';
  }
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/** The normal form both sealing and indexing see: no surrounding blanks, upper-case check digit X. */
export function normalisePii(plain: string): string {
  return plain.trim().toUpperCase();
}

/**
 * A cipher under the 32-byte master key. Encryption and indexing use separate subkeys derived
 * with HKDF, so a leaked index key (it must sit beside every query) says nothing about the other.
 */
export function createPiiCipher(key: Buffer): PiiCipher {
  if (key.length !== 32) throw new Error(`the personal-data key must be 32 bytes, got ${key.length}`);
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
  const encKey = derive('zhili/pii/aes-256-gcm/v1');
  const indexKey = derive('zhili/pii/blind-index/v1');

  return {
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(normalisePii(plain), 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      if (data.length < HEADER_BYTES) throw new PiiDecryptError('too short');
      if (data[0] !== VERSION) throw new PiiDecryptError(`unknown format version ${data[0]}`);
      const iv = data.subarray(1, 1 + IV_BYTES);
      const tag = data.subarray(1 + IV_BYTES, HEADER_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', encKey, iv);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(data.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new PiiDecryptError('authentication failed');
      }
    },
    blindIndex(kind, plain) {
      // The kind is part of the message so equal digits in two fields never share an index value.
      return createHmac('sha256', indexKey)
        .update(`${kind}:${normalisePii(plain)}`)
        .digest('hex');
    },
  };
}

const KEY_FORMAT_HELP =
  'ZHILI_SECRET_KEY must be 64 hex characters or the base64 of 32 bytes (e.g. `openssl rand -hex 32`)';

/** Reads a key written as 64 hex characters or base64 of 32 bytes; null when it is neither. */
function parseKeyText(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(t) || /^[A-Za-z0-9_-]{43}$/.test(t)) {
    const b = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
    if (b.length === 32) return b;
  }
  return null;
}

/**
 * The master key for personal data: `config.secretKey` when set (a malformed value stops the
 * start), else `<dataDir>/secret.key`, created on first use with 32 random bytes (written as hex,
 * mode 0600). Losing this key loses every encrypted phone and ID number: back it up.
 */
export function loadSecretKey(config: Pick<Config, 'secretKey' | 'dataDir'>): Buffer {
  if (config.secretKey !== undefined && config.secretKey !== '') {
    const key = parseKeyText(config.secretKey);
    if (!key) throw new Error(KEY_FORMAT_HELP);
    return key;
  }
  const file = path.join(config.dataDir, 'secret.key');
  if (!fs.existsSync(file)) createKeyFile(file);
  const raw = fs.readFileSync(file);
  const key = raw.length === 32 ? raw : parseKeyText(raw.toString('utf8'));
  if (!key)
    throw new Error(
      `${file} does not hold a valid key: it must be 32 raw bytes, 64 hex characters or base64 of 32 bytes`,
    );
  return key;
}

/**
 * Writes a new key file atomically: the key goes to a private temporary file that is then
 * hard-linked into place, so two processes starting together agree on one key and neither
 * ever reads a half-written file.
 */
function createKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.unlinkSync(tmp);
  }
}

/** `13812341234` → `138****1234`: keeps the carrier prefix and the last four digits. */
export function maskPhone(phone: string): string {
  const p = phone.trim();
  if (p.length <= 7) return '*'.repeat(Math.max(0, p.length - 2)) + p.slice(-2);
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
}

/** `330502199001011234` → `330502********1234`: keeps the issuing region and the last four. */
export function maskIdNumber(idNumber: string): string {
  const s = idNumber.trim().toUpperCase();
  if (s.length <= 10) return '*'.repeat(Math.max(0, s.length - 2)) + s.slice(-2);
  return `${s.slice(0, 6)}${'*'.repeat(s.length - 10)}${s.slice(-4)}`;
}
