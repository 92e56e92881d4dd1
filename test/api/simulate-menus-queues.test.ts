import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';

/*
 * "Callers press 1 for sales and 2 for support; when everyone is busy they wait in a queue; whoever
 * answers hears 'Call for Sales' first": the simulator takes the keys pressed and the queue as it
 * stands, and its trace says why at every step.
 */

interface Simulated {
  outcome: { result: string; label?: string; atSeconds: number; reason?: string };
  timeline: { event: string; atSeconds: number; text?: string; digits?: string; label?: string; reason?: string; queueId?: string }[];
  trace: { code: string; message: string; rule?: string }[];
}

describe.each(storeDialects())('simulating menus, queues and whispers ($name)', (dialect) => {
  let api: TestApi;
  let numberId: string;
  let queueId: string;
  beforeAll(async () => {
    api = await startTestApi(dialect);
    numberId = (await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123 4567', label: 'Sales line' })).json().id;
    const queue = await api.call('POST', '/v1/queues', api.rootToken, {
      name: 'Support',
      strategy: 'round-robin',
      members: [
        { to: '06 1111 1111', label: 'Anna' },
        { to: '06 2222 2222', label: 'Ben' },
        { to: '06 3333 3333', label: 'Cleo' },
      ],
      announcements: { everySeconds: 30, position: true, expectedWait: true },
    });
    expect(queue.statusCode, queue.body).toBe(201);
    queueId = queue.json().id;
    const flow = await api.call('PUT', `/v1/numbers/${numberId}/flow`, api.rootToken, {
      target: {
        type: 'menu',
        prompt: 'Press 1 for sales, 2 for support.',
        options: [
          { key: '1', target: { type: 'ring', strategy: 'simultaneous', destinations: [{ to: '020 765 4321', label: 'Sales desk' }], whisper: { template: 'Call for {label}' } } },
          {
            key: '2',
            target: {
              type: 'queue',
              queueId,
              whisper: { template: 'Support call on {dialledNumber}', requireAccept: true },
              overflow: { type: 'announcement', prompt: 'Everyone is busy. Please call again later.' },
            },
          },
        ],
        retries: 1,
      },
    });
    expect(flow.statusCode, flow.body).toBe(200);
  });
  afterAll(async () => {
    await api.close();
  });

  const simulate = async (body: Record<string, unknown>): Promise<Simulated> => {
    const res = await api.call('POST', '/v1/calls/simulate', api.rootToken, { to: '+31 20 123 4567', from: '+44 7700 900123', at: '2026-11-23T10:00:00+01:00', ...body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Simulated;
  };

  it('an invalid key, then 1: the menu replays once, the sales desk hears the whisper and gets the call', async () => {
    const result = await simulate({ digits: ['7', '1'], behaviour: { 'Sales desk': 'answer' } });
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Sales desk' });
    expect(result.timeline.filter((e) => e.event === 'digits').map((e) => e.digits)).toEqual(['7', '1']);
    expect(result.timeline.find((e) => e.event === 'whisper')).toMatchObject({ label: 'Sales desk', text: 'Call for Sales line' });
    const messages = result.trace.map((e) => e.message);
    expect(messages).toContain('The caller pressed 7, which this menu does not offer (try 1 of 2).');
    expect(messages).toContain('The caller pressed 1.');
    expect(result.trace.find((e) => e.code === 'leg.ringing')?.rule).toBe('target.key.1');
  });

  it('silence twice: the tries run out and the call ends (the default when retries run out)', async () => {
    const result = await simulate({ digits: [] });
    expect(result.outcome).toMatchObject({ result: 'hungUp', reason: 'unavailable' });
    expect(result.trace.filter((e) => e.code === 'menu.timeout')).toHaveLength(2);
    expect(result.trace.some((e) => e.code === 'menu.exhausted')).toBe(true);
  });

  it('2 with the queue as it stands: waits behind one caller, hears the position, round-robin skips the voicemail that cannot accept', async () => {
    const result = await simulate({
      digits: '2',
      queues: {
        Support: { callersLeaveAfterSeconds: [40], averageWaitSeconds: 120, lastRang: 'Anna', members: { Cleo: { state: 'busy', availableAfterSeconds: 300 } } },
      },
      behaviour: { Ben: 'voicemail', Anna: { answerAfterSeconds: 4 } },
    });
    expect(result.outcome).toMatchObject({ result: 'answered', label: 'Anna' });
    const messages = result.trace.map((e) => e.message);
    expect(messages.some((m) => m.startsWith('The caller waits in queue "Support" at position 2'))).toBe(true);
    expect(messages).toContain('The caller hears: "You are caller number 2 in the queue. The expected wait is about 2 minutes."');
    // Nobody rings until the caller ahead has left at 40 s; round-robin starts after Anna, so Ben first.
    const ringing = result.timeline.filter((e) => e.event === 'ringing');
    expect(ringing.map((e) => [e.label, e.atSeconds >= 40])).toEqual([
      ['Ben', true],
      ['Anna', true],
    ]);
    expect(result.timeline.find((e) => e.event === 'whisperNotAccepted')).toMatchObject({ label: 'Ben' });
    expect(result.timeline.find((e) => e.event === 'whisper' && e.label === 'Anna')?.text).toBe('Support call on +31 20 123 4567. Press 1 to accept.');
    expect(result.timeline.filter((e) => e.event === 'queueLeft').map((e) => e.reason)).toEqual(['answered']);
  });

  it('a full queue sends the caller to the overflow announcement without joining', async () => {
    const result = await simulate({ digits: '2', queues: { [queueId]: { callersAhead: 20 } } });
    expect(result.outcome).toMatchObject({ result: 'hungUp' });
    expect(result.trace.find((e) => e.code === 'queue.full')?.message).toBe('Queue "Support" is full: 20 callers wait, at most 20 may.');
    expect(result.timeline.some((e) => e.event === 'queueJoined')).toBe(false);
    expect(result.timeline.filter((e) => e.event === 'prompt').at(-1)?.text).toBe('Everyone is busy. Please call again later.');
  });

  it('names unknown queues and members field by field', async () => {
    const res = await api.call('POST', '/v1/calls/simulate', api.rootToken, {
      to: '+31 20 123 4567',
      digits: '2',
      queues: { Sales: {}, Support: { members: { Zoe: 'busy' } } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((i: { field: string; code: string }) => [i.field, i.code])).toEqual([
      ['/queues/Sales', 'unknown_queue'],
      ['/queues/Support/members/Zoe', 'unknown_member'],
    ]);
  });
});
