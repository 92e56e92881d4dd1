import { describe, expect, it } from 'vitest';
import {
  authorizeRequest,
  createRequest,
  DigestClientState,
  DigestServer,
  MemoryBindingStore,
  nameAddr,
  Registrar,
  sipUri,
  via,
  type SipRequest,
} from '../../../src/sip/index.ts';

/*
 * The registrar (RFC 3261 §10.3) against real requests built by the stack: digest challenge and
 * verification, several contacts per AOR, expiry rules, removal, queries and out-of-order requests.
 */

const realm = 'ringroute.test';
const alice = { username: 'alice', password: 'alice secret' };
const source = { transport: 'udp' as const, address: '192.0.2.10', port: 5062 };

function setup() {
  const clock = { now: 1_800_000_000_000 };
  const digest = new DigestServer({ realm, secret: 'a shared secret of at least 16 bytes', now: () => clock.now });
  const store = new MemoryBindingStore();
  const registrar = new Registrar({
    digest,
    credentials: (username) => (username === alice.username ? { password: alice.password } : undefined),
    addressOfRecord: (username, to) => (to.uri.kind === 'sip' && to.uri.user === username ? `sip:${username}@${realm}` : null),
    store,
    now: () => clock.now,
  });
  return { clock, store, registrar, state: new DigestClientState() };
}

let counter = 0;
function register(contacts: string[], options: { expires?: number; cseq?: number; callId?: string; user?: string } = {}): SipRequest {
  counter++;
  const request = createRequest({
    method: 'REGISTER',
    uri: sipUri({ host: realm }),
    via: via({ transport: 'UDP', host: '192.0.2.10', port: 5062, branch: `z9hG4bK-r${counter}` }),
    from: nameAddr(sipUri({ user: options.user ?? 'alice', host: realm }), { params: new Map([['tag', `f${counter}`]]) }),
    to: nameAddr(sipUri({ user: options.user ?? 'alice', host: realm })),
    callId: options.callId ?? `reg-${counter}@192.0.2.10`,
    cseq: options.cseq ?? 1,
  });
  if (contacts.length > 0) request.setHeader('Contact', contacts);
  if (options.expires !== undefined) request.setHeader('Expires', String(options.expires));
  return request;
}

/** REGISTER as a phone does: unauthenticated, then again with credentials answering the 401. */
async function registerWithAuth(ctx: ReturnType<typeof setup>, request: SipRequest, user = alice) {
  const first = await ctx.registrar.register(request, source, 'tag1');
  expect(first.response.status).toBe(401);
  const retry = authorizeRequest(request, first.response, user, ctx.state);
  return ctx.registrar.register(retry, source, 'tag2');
}

describe('Registrar (RFC 3261 §10.3)', () => {
  it('challenges an unauthenticated REGISTER with 401 and binds the contact once it answers', async () => {
    const ctx = setup();
    const { response, outcome } = await registerWithAuth(ctx, register(['<sip:alice@192.0.2.10:5062>'], { expires: 600 }));
    expect(response.status).toBe(200);
    expect(response.rawHeaders('Contact')).toEqual(['<sip:alice@192.0.2.10:5062>;expires=600']);
    expect(response.rawHeader('Date')).toBeDefined();
    expect(outcome).toMatchObject({ kind: 'updated', aor: 'sip:alice@ringroute.test' });
    expect(await ctx.store.get('sip:alice@ringroute.test')).toEqual([
      expect.objectContaining({ contact: 'sip:alice@192.0.2.10:5062', expiresAt: ctx.clock.now + 600_000, source }),
    ]);
  });

  it('refuses a wrong password with 403 and registers nothing', async () => {
    const ctx = setup();
    const request = register(['<sip:alice@192.0.2.10:5062>']);
    const first = await ctx.registrar.register(request, source, 't');
    const retry = authorizeRequest(request, first.response, { username: 'alice', password: 'wrong' }, ctx.state);
    const { response } = await ctx.registrar.register(retry, source, 't');
    expect(response.status).toBe(403);
    expect(await ctx.store.get('sip:alice@ringroute.test')).toEqual([]);
  });

  it("refuses to register someone else's address (403)", async () => {
    const ctx = setup();
    const { response } = await registerWithAuth(ctx, register(['<sip:bob@192.0.2.10>'], { user: 'bob' }));
    expect(response.status).toBe(403);
  });

  it('keeps several contacts for one AOR, and lists them all in the 200', async () => {
    const ctx = setup();
    await registerWithAuth(ctx, register(['<sip:alice@192.0.2.10:5062>'], { expires: 3600 }));
    const { response } = await registerWithAuth(ctx, register(['<sip:alice@198.51.100.7:5060;transport=tcp>;expires=120']));
    expect(response.status).toBe(200);
    expect(response.rawHeaders('Contact').sort()).toEqual(['<sip:alice@192.0.2.10:5062>;expires=3600', '<sip:alice@198.51.100.7:5060;transport=tcp>;expires=120']);
  });

  it('caps a long expiry at the maximum and refuses a too-short one with 423 and Min-Expires', async () => {
    const ctx = setup();
    const long = await registerWithAuth(ctx, register(['<sip:alice@192.0.2.10>'], { expires: 86_400 }));
    expect(long.response.rawHeaders('Contact')).toEqual(['<sip:alice@192.0.2.10>;expires=3600']);
    const short = await registerWithAuth(ctx, register(['<sip:alice@192.0.2.11>;expires=30']));
    expect(short.response.status).toBe(423);
    expect(short.response.rawHeader('Min-Expires')).toBe('60');
  });

  it('un-registers one contact with expires=0, and every contact with Contact: * and Expires: 0', async () => {
    const ctx = setup();
    await registerWithAuth(ctx, register(['<sip:alice@192.0.2.10>', '<sip:alice@192.0.2.11>'], { expires: 600 }));
    const one = await registerWithAuth(ctx, register(['<sip:alice@192.0.2.10>;expires=0']));
    expect(one.response.rawHeaders('Contact')).toEqual(['<sip:alice@192.0.2.11>;expires=600']);
    const all = await registerWithAuth(ctx, register(['*'], { expires: 0 }));
    expect(all.response.status).toBe(200);
    expect(all.response.rawHeaders('Contact')).toEqual([]);
    expect(await ctx.store.get('sip:alice@ringroute.test')).toEqual([]);
    const starWithoutZero = await registerWithAuth(ctx, register(['*'], { expires: 60 }));
    expect(starWithoutZero.response.status).toBe(400);
  });

  it('a REGISTER without Contact is a query: it changes nothing and lists the bindings', async () => {
    const ctx = setup();
    await registerWithAuth(ctx, register(['<sip:alice@192.0.2.10>'], { expires: 600 }));
    ctx.clock.now += 100_000;
    const { response, outcome } = await registerWithAuth(ctx, register([]));
    expect(outcome.kind).toBe('queried');
    expect(response.rawHeaders('Contact')).toEqual(['<sip:alice@192.0.2.10>;expires=500']);
  });

  it('expired bindings are gone', async () => {
    const ctx = setup();
    await registerWithAuth(ctx, register(['<sip:alice@192.0.2.10>'], { expires: 60 }));
    ctx.clock.now += 61_000;
    const { response } = await registerWithAuth(ctx, register([]));
    expect(response.rawHeaders('Contact')).toEqual([]);
  });

  it('an older CSeq on the same Call-ID does not undo a newer registration (500 Retry-After)', async () => {
    const ctx = setup();
    await registerWithAuth(ctx, register(['<sip:alice@192.0.2.10>'], { expires: 600, callId: 'same@x', cseq: 10 }));
    const old = await registerWithAuth(ctx, register(['<sip:alice@192.0.2.10>;expires=0'], { callId: 'same@x', cseq: 3 }));
    expect(old.response.status).toBe(500);
    expect(await ctx.store.get('sip:alice@ringroute.test')).toHaveLength(1);
  });

  it('the same device (+sip.instance) registering from a new address replaces its old contact', async () => {
    const ctx = setup();
    const instance = '+sip.instance="<urn:uuid:00000000-0000-1000-8000-000a95a0e128>"';
    await registerWithAuth(ctx, register([`<sip:alice@192.0.2.10>;${instance}`], { expires: 600 }));
    const { response } = await registerWithAuth(ctx, register([`<sip:alice@203.0.113.9>;${instance}`], { expires: 600 }));
    expect(response.rawHeaders('Contact')).toEqual(['<sip:alice@203.0.113.9>;expires=600']);
  });
});
