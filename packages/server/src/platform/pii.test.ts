import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PiiDecryptError, createPiiCipher, loadSecretKey, maskIdNumber, maskPhone } from './pii.ts';

const sut = createPiiCipher(randomBytes(32));

describe('createPiiCipher', () => {
  it('round-trips any normalised text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (s) => {
        const plain = s.trim().toUpperCase();
        expect(sut.decrypt(sut.encrypt(plain))).toBe(plain);
      }),
    );
  });

  it('seals equal values differently (fresh IV) and never contains the plain text', () => {
    const a = sut.encrypt('13812341234');
    const b = sut.encrypt('13812341234');
    expect(a.equals(b)).toBe(false);
    expect(a[0]).toBe(1);
    expect(a.length).toBe(1 + 12 + 16 + 11);
    expect(a.toString('latin1')).not.toContain('13812341234');
  });

  it('refuses any altered byte with a clear error', () => {
    const sealed = sut.encrypt('330502199001011234');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: sealed.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const bad = Buffer.from(sealed);
        bad[i] = (bad[i] ?? 0) ^ x;
        expect(() => sut.decrypt(bad)).toThrow(PiiDecryptError);
      }),
    );
    expect(() => sut.decrypt(sealed.subarray(0, 10))).toThrow(/too short/);
    expect(() => sut.decrypt(Buffer.concat([Buffer.from([9]), sealed.subarray(1)]))).toThrow(/version 9/);
  });

  it('refuses data sealed under another key', () => {
    const other = createPiiCipher(randomBytes(32));
    expect(() => other.decrypt(sut.encrypt('13812341234'))).toThrow(/wrong ZHILI_SECRET_KEY or tampered/);
  });

  it('indexes normalised input, per kind and per key', () => {
    expect(sut.blindIndex('id_number', ' 33050219900101123x ')).toBe(sut.blindIndex('id_number', '33050219900101123X'));
    expect(sut.blindIndex('phone', '13812341234')).not.toBe(sut.blindIndex('id_number', '13812341234'));
    expect(createPiiCipher(randomBytes(32)).blindIndex('phone', '13812341234')).not.toBe(
      sut.blindIndex('phone', '13812341234'),
    );
    expect(sut.blindIndex('phone', '13812341234')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('wants a 32-byte key', () => {
    expect(() => createPiiCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('loadSecretKey', () => {
  const dirs: string[] = [];
  const tmpDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-pii-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('takes 64 hex characters or base64 of 32 bytes from the configuration', () => {
    const key = randomBytes(32);
    expect(loadSecretKey({ secretKey: key.toString('hex'), dataDir: '/nonexistent' }).equals(key)).toBe(true);
    expect(loadSecretKey({ secretKey: key.toString('base64'), dataDir: '/nonexistent' }).equals(key)).toBe(true);
  });

  it('stops with a clear line on a malformed configured key', () => {
    for (const bad of ['abc', 'z'.repeat(64), randomBytes(16).toString('base64'), randomBytes(33).toString('hex')]) {
      expect(() => loadSecretKey({ secretKey: bad, dataDir: '/nonexistent' })).toThrow(
        /64 hex characters or the base64 of 32 bytes/,
      );
    }
  });

  it('creates <dataDir>/secret.key once, private, and reuses it', () => {
    const dataDir = path.join(tmpDir(), 'nested');
    const first = loadSecretKey({ secretKey: undefined, dataDir });
    const file = path.join(dataDir, 'secret.key');
    expect(first.length).toBe(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ secretKey: undefined, dataDir }).equals(first)).toBe(true);
    expect(fs.readdirSync(dataDir)).toEqual(['secret.key']);
  });

  it('refuses a corrupt key file rather than silently making a new key', () => {
    const dataDir = tmpDir();
    fs.writeFileSync(path.join(dataDir, 'secret.key'), 'not a key');
    expect(() => loadSecretKey({ secretKey: undefined, dataDir })).toThrow(/does not hold a valid key/);
  });
});

describe('masking', () => {
  it('masks phones and ID numbers as the screens show them', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskIdNumber('330502199001011234')).toBe('330502********1234');
    expect(maskIdNumber('33050219900101123x')).toBe('330502********123X');
  });

  it('keeps length and never shows the hidden middle', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1\d{10}$/), (phone) => {
        const m = maskPhone(phone);
        expect(m).toHaveLength(11);
        expect(m.slice(3, 7)).toBe('****');
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const m = maskIdNumber(id);
        expect(m).toHaveLength(18);
        expect(m.slice(6, 14)).toBe('********');
        expect(m.slice(0, 6) + m.slice(14)).toBe(id.slice(0, 6) + id.slice(14));
      }),
    );
  });
});
