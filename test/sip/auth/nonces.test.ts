import { describe, expect, it } from 'vitest';
import { NonceCountGuard, NonceSource } from '../../../src/sip/index.ts';
import { realm, secret } from './support/fixtures.ts';

describe('NonceSource (RFC 7616 §3.3)', () => {
  function source(options: { lifetimeMs?: number; realm?: string; secret?: string } = {}) {
    const time = { now: 1_700_000_000_000 };
    return { time, nonces: new NonceSource({ secret: options.secret ?? secret, realm: options.realm ?? realm, now: () => time.now, ...options }) };
  }

  it('checks its own nonces fresh until the lifetime passes, then expired, with the issue time', () => {
    const { time, nonces } = source({ lifetimeMs: 1000 });
    const nonce = nonces.issue();
    expect(nonces.check(nonce)).toEqual({ kind: 'fresh', issuedAt: time.now });
    time.now += 1000;
    expect(nonces.check(nonce).kind).toBe('fresh');
    time.now += 1;
    expect(nonces.check(nonce)).toEqual({ kind: 'expired', issuedAt: time.now - 1001 });
  });

  it('issues distinct nonces in the same millisecond', () => {
    const { nonces } = source();
    expect(new Set(Array.from({ length: 50 }, () => nonces.issue())).size).toBe(50);
  });

  it('rejects nonces of another realm or secret, far-future ones and any edit', () => {
    const { nonces, time } = source();
    const nonce = nonces.issue();
    expect(source({ realm: 'other.test' }).nonces.check(nonce)).toEqual({ kind: 'invalid' });
    expect(source({ secret: 'some other secret of 32 bytes..' }).nonces.check(nonce)).toEqual({ kind: 'invalid' });
    const [issued, salt, mac] = nonce.split('.') as [string, string, string];
    const flipped = mac.startsWith('A') ? `B${mac.slice(1)}` : `A${mac.slice(1)}`;
    for (const edited of [`${issued}.${salt}.${flipped}`, `${issued}.${salt}.${mac}=`, `${issued}0.${salt}.${mac}`, `${nonce}.x`, '']) {
      expect(nonces.check(edited)).toEqual({ kind: 'invalid' });
    }
    // A nonce dated a minute ahead was not issued by a node whose clock is within the allowed skew.
    const ahead = source();
    ahead.time.now = time.now + 60_000;
    expect(nonces.check(ahead.nonces.issue())).toEqual({ kind: 'invalid' });
  });

  it('needs a secret of at least 16 bytes', () => {
    expect(() => new NonceSource({ secret: 'short', realm })).toThrow(RangeError);
  });
});

describe('NonceCountGuard (RFC 7616 §3.4)', () => {
  it('accepts increasing counts per nonce and refuses repeats or lower ones', () => {
    const guard = new NonceCountGuard();
    expect(guard.accept('a', 1, 1)).toBe('accepted');
    expect(guard.accept('b', 1, 1)).toBe('accepted');
    expect(guard.accept('a', 1, 1)).toBe('replay');
    expect(guard.accept('a', 1, 3)).toBe('accepted');
    expect(guard.accept('a', 1, 2)).toBe('replay');
  });

  it('stays within capacity and reports nonces it may have forgotten, not unseen newer ones', () => {
    const guard = new NonceCountGuard(2);
    guard.accept('t10', 10, 1);
    guard.accept('t20', 20, 1);
    guard.accept('t10', 10, 2); // t10 is now the most recently used
    guard.accept('t30', 30, 1); // drops t20: watermark 20
    expect(guard.size).toBe(2);
    expect(guard.accept('t20', 20, 1)).toBe('forgotten');
    expect(guard.accept('t15', 15, 1)).toBe('forgotten');
    expect(guard.accept('t10', 10, 2)).toBe('replay');
    expect(guard.accept('t25', 25, 1)).toBe('accepted');
  });
});
