import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxTargetDepth } from '../../src/domain/flow.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';

/*
 * Flows with menus, announcements, queues and whispers over the API: saved whole, shown back with
 * every default filled in, refused field by field, and what the simulator lets callers script.
 */

describe.each(storeDialects())('flows with menus, announcements and queues ($name)', (dialect) => {
  let api: TestApi;
  let numberId: string;
  let queueId: string;
  beforeAll(async () => {
    api = await startTestApi(dialect);
    numberId = (await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Sales' })).json().id;
    const queue = await api.call('POST', '/v1/queues', api.rootToken, { name: 'Support', members: [{ to: '06 2222 3333', label: 'Ben' }, { to: 'sip:cem@pbx.example' }] });
    expect(queue.statusCode, queue.body).toBe(201);
    queueId = queue.json().id;
  });
  afterAll(async () => {
    await api.close();
  });

  const put = (body: unknown) => api.call('PUT', `/v1/numbers/${numberId}/flow`, api.rootToken, body);
  const getFlow = async () => (await api.call('GET', `/v1/numbers/${numberId}/flow`, api.rootToken)).json();

  const salesRing = { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '06 1234 5678', label: 'Anna' }], whisper: 'Call for {label}' };
  const menuFlow = () => ({
    filter: { mode: 'block', entries: [{ match: '+44 7700*', label: 'Pests', action: { kind: 'announcement', text: 'We do not take calls from you.' } }] },
    target: {
      type: 'menu',
      prompt: 'For sales press 1, for support press 2.',
      options: [
        { key: '1', target: salesRing },
        { key: '2', target: { type: 'queue', queueId, whisper: { template: 'Support call from {caller}', requireAccept: true } } },
        { key: '3', target: { type: 'announcement', prompt: { text: ' Please hold for the office. ' }, then: { type: 'ring', strategy: 'sequential', destinations: [{ to: '030 123 4567' }] } } },
      ],
      extensions: [{ extension: '201', label: 'Anna direct', target: salesRing }],
      retries: 1,
    },
  });

  it('stores a menu whose keys ring, queue and announce, with a filter announcement, and shows it back with the defaults filled in', async () => {
    const res = await put(menuFlow());
    expect(res.statusCode, res.body).toBe(200);
    const annaRing = {
      type: 'ring',
      strategy: 'simultaneous',
      destinations: [{ to: '+31612345678', kind: 'phone', label: 'Anna', delaySeconds: 0, ringSeconds: 20 }],
      noAnswer: { type: 'hangup', reason: 'unavailable' },
      whisper: { template: 'Call for {label}', requireAccept: false },
    };
    const expected = {
      filter: {
        mode: 'block',
        entries: [{ label: 'Pests', match: { kind: 'prefix', prefix: '+44 7700*' }, action: { kind: 'announcement', text: 'We do not take calls from you.' } }],
      },
      rules: [],
      target: {
        type: 'menu',
        prompt: { text: 'For sales press 1, for support press 2.' },
        options: [
          { key: '1', target: annaRing },
          { key: '2', target: { type: 'queue', queueId, overflow: { type: 'hangup', reason: 'busy' }, whisper: { template: 'Support call from {caller}', requireAccept: true } } },
          {
            key: '3',
            target: {
              type: 'announcement',
              prompt: { text: 'Please hold for the office.' },
              then: {
                type: 'ring',
                strategy: 'sequential',
                destinations: [{ to: '+31301234567', kind: 'phone', delaySeconds: 0, ringSeconds: 20 }],
                noAnswer: { type: 'hangup', reason: 'unavailable' },
              },
            },
          },
        ],
        timeoutSeconds: 10,
        retries: 1,
        invalidPrompt: { text: 'Sorry, that is not a valid choice.' },
        timeoutPrompt: { text: 'Sorry, we did not hear your choice.' },
        exhausted: { type: 'hangup', reason: 'unavailable' },
        extensions: [{ extension: '201', label: 'Anna direct', target: annaRing }],
      },
    };
    expect(res.json()).toEqual(expected);
    expect(await getFlow()).toEqual(expected);

    // The menu as GET shows it (prompts as {text}, every default written out) saves to the same flow.
    const again = await put({ ...menuFlow(), target: { ...expected.target, options: menuFlow().target.options, extensions: menuFlow().target.extensions } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(expected);

    // /destinations shows the default target under an empty ring.
    const destinations = (await api.call('GET', `/v1/numbers/${numberId}/destinations`, api.rootToken)).json();
    expect(destinations).toMatchObject({ destinations: [], noAnswer: { type: 'menu' } });
  });

  it('the ring document of /destinations takes a whisper too', async () => {
    const res = await api.call('PUT', `/v1/numbers/${numberId}/destinations`, api.rootToken, {
      strategy: 'simultaneous',
      destinations: [{ to: '06 1234 5678', label: 'Anna' }],
      whisper: { template: 'Call on {dialledNumber}' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().whisper).toEqual({ template: 'Call on {dialledNumber}', requireAccept: false });
    expect((await getFlow()).target.whisper).toEqual({ template: 'Call on {dialledNumber}', requireAccept: false });
  });

  it('lets the simulator script queue members and destinations behind menu keys by number or label', async () => {
    await put(menuFlow());
    const res = await api.call('POST', '/v1/calls/simulate', api.rootToken, {
      to: '+31201234567',
      from: '+31 6 1111 2222',
      behaviour: { Anna: 'answer', Ben: 'answer', 'sip:cem@pbx.example': 'busy', '030 123 4567': 'noAnswer' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const unknown = await api.call('POST', '/v1/calls/simulate', api.rootToken, { to: '+31201234567', behaviour: { Dana: 'answer' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toContainEqual(expect.objectContaining({ field: '/behaviour/Dana', code: 'unknown_destination', message: expect.stringContaining('(Ben)') }));
  });

  it('refuses a queue that does not exist, at its pointer, and keeps the old flow', async () => {
    await put(menuFlow());
    const before = await getFlow();
    const bad = menuFlow();
    bad.target.options[1] = { key: '2', target: { type: 'queue', queueId: 'que_01m8000000000000000000' } } as (typeof bad.target.options)[number];
    const res = await put(bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: '/target/options/1/target/queueId', code: 'unknown_queue' })]);
    expect(await getFlow()).toEqual(before);
  });

  it('refuses rule breaks inside a menu with the domain code at each pointer', async () => {
    const res = await put({
      target: {
        type: 'menu',
        prompt: '',
        options: [
          { key: '1', target: { type: 'hangup' } },
          { key: '1', target: { type: 'announcement', prompt: 'Hi', then: { type: 'ring', strategy: 'simultaneous', destinations: [], whisper: 'For {who}' } } },
        ],
        timeoutSeconds: 0,
        extensions: [{ extension: '7', target: { type: 'hangup' } }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['/target/prompt', 'invalid_prompt'],
      ['/target/options/1/key', 'duplicate_key'],
      ['/target/options/1/target/then/whisper', 'unknown_placeholder'],
      ['/target/extensions/0/extension', 'invalid_extension'],
      ['/target/timeoutSeconds', 'out_of_range'],
    ]);
  });

  it(`refuses targets nested deeper than ${maxTargetDepth}, menus counting as a level`, async () => {
    let target: object = { type: 'hangup' };
    for (let i = 0; i < maxTargetDepth; i++) target = { type: 'menu', prompt: `Level ${i}`, options: [{ key: '1', target }] };
    const res = await put({ target });
    expect(res.statusCode).toBe(400);
    const [issue] = res.json().errors;
    expect(issue.code).toBe('too_deep');
    expect(issue.field).toBe(`/target${'/options/0/target'.repeat(maxTargetDepth)}`);
  });

  it('an allow list may tell everyone else an announcement, and the organization filter may too', async () => {
    const flow = await put({ filter: { mode: 'allowOnly', entries: [{ match: '+31*' }], otherwise: { kind: 'announcement', text: 'Dutch callers only.' } }, target: { type: 'hangup' } });
    expect(flow.statusCode, flow.body).toBe(200);
    expect(flow.json().filter.otherwise).toEqual({ kind: 'announcement', text: 'Dutch callers only.' });
    const org = await api.call('PUT', '/v1/organization/filter', api.rootToken, {
      mode: 'block',
      entries: [
        { match: 'anonymous', action: { kind: 'announcement', text: 'Please show your number.' } },
        { match: '+44 20*', action: { kind: 'reroute', target: { type: 'queue', queueId } } },
      ],
    });
    expect(org.statusCode, org.body).toBe(200);
    expect(org.json().entries).toMatchObject([{ action: { kind: 'announcement' } }, { action: { kind: 'reroute', target: { type: 'queue', queueId, overflow: { type: 'hangup', reason: 'busy' } } } }]);
    await api.call('DELETE', '/v1/organization/filter', api.rootToken);
  });

  it('publishes the new target shapes in the OpenAPI document', async () => {
    const doc = (await api.call('GET', '/openapi.json', null)).json();
    const input = JSON.stringify(doc.components.schemas.TargetInput);
    for (const word of ['"menu"', '"announcement"', '"queue"', 'whisper', 'extensions', 'timeoutSeconds', 'overflow']) expect(input).toContain(word);
    expect(JSON.stringify(doc.components.schemas.TargetOutput)).toContain('"menu"');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/queues', '/v1/queues/{id}']));
  });
});
