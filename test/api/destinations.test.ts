import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/routing/index.ts';
import type { E164 } from '../../src/domain/phone-number.ts';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

describe.each(storeDialects())('destinations and live routing ($name)', (dialect) => {
  let api: TestApi;
  let id: string;
  beforeAll(async () => {
    api = await startTestApi(dialect);
    id = (await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Sales' })).json().id;
  });
  afterAll(async () => {
    await api.close();
  });

  const put = (body: unknown) => api.call('PUT', `/v1/numbers/${id}/destinations`, api.rootToken, body);
  const sim = (body: Record<string, unknown>) =>
    api.call('POST', '/v1/calls/simulate', api.rootToken, { to: '+31201234567', from: '+31 6 1111 2222', ...body });

  it('a new number rings nobody and the caller hears "unavailable"', async () => {
    const got = await api.call('GET', `/v1/numbers/${id}/destinations`, api.rootToken);
    expect(got.json()).toEqual({ strategy: 'simultaneous', destinations: [], noAnswer: { type: 'hangup', reason: 'unavailable' } });
    const res = (await sim({})).json();
    expect(res.outcome).toMatchObject({ result: 'rejected', status: 480 });
  });

  it('stores phone numbers of any country in E.164 and SIP URIs, with default ring time', async () => {
    const res = await put({
      strategy: 'simultaneous',
      destinations: [
        { to: '020 765 4321', label: 'Office' },
        { to: '+1 (212) 555-0100', label: 'New York' },
        { to: 'sip:desk@pbx.example.com', ringSeconds: 30 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      strategy: 'simultaneous',
      destinations: [
        { to: '+31207654321', kind: 'phone', label: 'Office', delaySeconds: 0, ringSeconds: 20 },
        { to: '+12125550100', kind: 'phone', label: 'New York', delaySeconds: 0, ringSeconds: 20 },
        { to: 'sip:desk@pbx.example.com', kind: 'sip', delaySeconds: 0, ringSeconds: 30 },
      ],
      noAnswer: { type: 'hangup', reason: 'unavailable' },
    });
    expect((await api.call('GET', `/v1/numbers/${id}/destinations`, api.rootToken)).json()).toEqual(res.json());
  });

  it('refuses bad destinations field by field and keeps the previous setting', async () => {
    const before = (await api.call('GET', `/v1/numbers/${id}/destinations`, api.rootToken)).json();
    const res = await put({
      strategy: 'sequential',
      destinations: [{ to: 'not a number' }, { to: '+31 20 765 4321', delaySeconds: 5 }, { to: 'sip:nobody', ringSeconds: 20 }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: '/destinations/0/to', code: 'invalid_phone_number' }),
      expect.objectContaining({ field: '/destinations/1/delaySeconds', code: 'delay_needs_custom_strategy' }),
      expect.objectContaining({ field: '/destinations/2/to', code: 'invalid_sip_uri' }),
    ]);
    const schema = await put({ strategy: 'sometimes', destinations: [{ to: '+31207654321', ringSeconds: 0, rings: 3 }] });
    expect(schema.statusCode).toBe(400);
    const fields = schema.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/strategy', '/destinations/0/ringSeconds', '/destinations/0/rings']));
    expect((await api.call('GET', `/v1/numbers/${id}/destinations`, api.rootToken)).json()).toEqual(before);
  });

  it('sequential: the first is busy, the second rings at once and answers', async () => {
    await put({ strategy: 'sequential', destinations: [{ to: '+31 20 765 4321', label: 'Office' }, { to: '+31 6 1234 5678', label: 'Mobile', ringSeconds: 15 }] });
    const res = (await sim({ behaviour: { Office: 'busy', '06-12345678': { answerAfterSeconds: 4 } } })).json();
    expect(res.timeline.map((e: { atSeconds: number; event: string; label?: string }) => [e.atSeconds, e.event, e.label])).toEqual([
      [0, 'ringing', 'Office'],
      [0, 'busy', 'Office'],
      [0, 'ringing', 'Mobile'],
      [4, 'answered', 'Mobile'],
      [4, 'connected', 'Mobile'],
    ]);
    expect(res.outcome).toMatchObject({ result: 'answered', destination: '+31612345678', atSeconds: 4 });
    expect(res.trace.length).toBeGreaterThan(0);
  });

  it('custom: office first, mobile after 5 s, colleague after another 5 s, earlier ones still ringing', async () => {
    await put({
      strategy: 'custom',
      destinations: [
        { to: '+31 20 765 4321', label: 'Office' },
        { to: '+31 6 1234 5678', label: 'Mobile', delaySeconds: 5 },
        { to: 'sip:colleague@pbx.example.com', label: 'Colleague', delaySeconds: 10 },
      ],
    });
    const res = (await sim({ behaviour: { Colleague: { answerAfterSeconds: 2 } } })).json();
    expect(res.timeline.map((e: { atSeconds: number; event: string; label?: string }) => [e.atSeconds, e.event, e.label])).toEqual([
      [0, 'ringing', 'Office'],
      [5, 'ringing', 'Mobile'],
      [10, 'ringing', 'Colleague'],
      [12, 'answered', 'Colleague'],
      [12, 'cancelled', 'Office'],
      [12, 'cancelled', 'Mobile'],
      [12, 'connected', 'Colleague'],
    ]);
  });

  it('no answer anywhere falls through to the noAnswer ring, then to busy', async () => {
    // The second ring calls London: the organization (Dutch) must allow GB, or the guard refuses the leg.
    expect((await api.call('PATCH', '/v1/organization', api.rootToken, { allowedCountries: ['NL', 'GB'] })).statusCode).toBe(200);
    await put({
      strategy: 'simultaneous',
      destinations: [{ to: '+31 20 765 4321', ringSeconds: 10 }],
      noAnswer: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '+44 20 7946 0958', ringSeconds: 15 }], noAnswer: { type: 'hangup', reason: 'busy' } },
    });
    const res = (await sim({})).json();
    expect(res.outcome).toMatchObject({ result: 'noAnswer', status: 486, atSeconds: 25 });
    expect(res.timeline.filter((e: { event: string }) => e.event === 'ringing').map((e: { destination: string }) => e.destination)).toEqual([
      '+31207654321',
      '+442079460958',
    ]);
    await api.call('PATCH', '/v1/organization', api.rootToken, { allowedCountries: null });
  });

  it('refuses a leg to a country the organization does not allow, by default any but its own, and says why', async () => {
    await put({ strategy: 'simultaneous', destinations: [{ to: '+31 20 765 4321' }, { to: '+44 20 7946 0958', label: 'London' }] });
    const res = (await sim({})).json();
    const london = res.timeline.filter((e: { destination?: string }) => e.destination === '+442079460958');
    expect(london.map((e: { event: string }) => e.event)).toEqual(['refused']);
    expect(london[0].reason).toContain('GB');
    expect(res.timeline.filter((e: { event: string }) => e.event === 'ringing').map((e: { destination: string }) => e.destination)).toEqual(['+31207654321']);

    await api.call('PATCH', '/v1/organization', api.rootToken, { allowedCountries: ['nl', 'gb'] });
    const allowed = (await sim({})).json();
    expect(allowed.timeline.filter((e: { event: string }) => e.event === 'ringing').map((e: { destination: string }) => e.destination)).toEqual([
      '+31207654321',
      '+442079460958',
    ]);
    await api.call('PATCH', '/v1/organization', api.rootToken, { allowedCountries: null });
  });

  it('has no limit on destinations: 400 ring at once', async () => {
    const destinations = Array.from({ length: 400 }, (_, i) => ({ to: `sip:agent${i}@pbx.example.com` }));
    expect((await put({ strategy: 'simultaneous', destinations })).statusCode).toBe(200);
    const res = (await sim({ behaviour: { 'sip:agent399@pbx.example.com': 'answer' } })).json();
    expect(res.timeline.filter((e: { event: string }) => e.event === 'ringing')).toHaveLength(400);
    expect(res.outcome).toMatchObject({ result: 'answered', destination: 'sip:agent399@pbx.example.com' });
  });

  it('a change is live for the next call as soon as the PUT returns; a call in progress keeps its snapshot', async () => {
    await put({ strategy: 'simultaneous', destinations: [{ to: '+31 20 765 4321', label: 'Old' }] });
    const inProgress = api.live.current();
    await put({ strategy: 'simultaneous', destinations: [{ to: '+31 6 1234 5678', label: 'New' }] });
    const next = (await sim({})).json();
    expect(next.timeline[0]).toMatchObject({ event: 'ringing', label: 'New' });
    const old = simulate(inProgress, {
      facts: { to: '+31201234567' as E164, from: { kind: 'anonymous' }, at: Date.parse('2026-11-23T10:00:00Z'), via: 'simulator' },
      behaviourFor: () => 'noAnswer',
    });
    expect(old.timeline[0]).toMatchObject({ event: 'ringing', label: 'Old' });
  });

  it('simulate names unknown behaviour keys and refuses numbers that are not the organization\'s', async () => {
    const unknown = await sim({ behaviour: { '+49 30 1234567': 'busy' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: '/behaviour/+49 30 1234567', code: 'unknown_destination' });
    const other = await api.newOrganization('Other');
    const foreign = await api.call('POST', '/v1/calls/simulate', other.token, { to: '+31201234567' });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain(id);
  });

  it('keeps the caller anonymous when no number is given and reports the time asked for', async () => {
    const res = (await sim({ from: undefined, at: '2026-12-24T16:29:55Z' })).json();
    expect(res.from).toBe('anonymous');
    expect(res.at).toBe('2026-12-24T16:29:55.000Z');
    expect(res.timeline[0].at).toBe('2026-12-24T16:29:55.000Z');
  });
});
