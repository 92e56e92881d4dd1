import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';
import { buildDialPlan, post, type DialPlanFixture } from './dial-plan-fixture.ts';

/**
 * The organization's own numbers and its dial plan meet in two places: a virtual extension may not sit
 * on a business number (dialling it would run the number's flow, and caller ID would name our own
 * number), nor a business number on a virtual extension's; and a new number's inline destinations may
 * name users and rosters, as its /destinations and /flow may.
 */
describe.each(storeDialects())('business numbers and the dial plan ($name)', (dialect) => {
  let api: TestApi;
  let plan: DialPlanFixture;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    plan = await buildDialPlan(api);
  });
  afterEach(async () => {
    await api.close();
  });

  it("refuses a virtual extension on one of the organization's numbers, in any format, naming the number; validate says the same", async () => {
    const main = await post(api, '/v1/numbers', { phoneNumber: '+31 20 123 4567', label: 'Main line' });
    const res = await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'Reception', extension: '5001', phoneNumber: '020 123 4567' });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'conflict',
      conflictsWith: { type: 'number', id: main.id },
      errors: [{ field: '/phoneNumber', code: 'phone_number_is_business_number', message: expect.stringContaining("+31201234567 is one of the organization's own numbers") }],
    });
    expect((await api.call('GET', '/v1/virtual-extensions', api.rootToken)).json().total).toBe(0);

    const validated = (await api.call('POST', '/v1/virtual-extensions/validate', api.rootToken, { phoneNumbers: ['+31201234567', '+31201234568'] })).json();
    expect(validated.phoneNumbers).toMatchObject([
      { status: 'DUPLICATE', code: 'phone_number_is_business_number', conflictsWith: { type: 'number', id: main.id } },
      { status: 'VALID', code: 'valid' },
    ]);

    // Another organization's numbers are nothing to this one.
    const other = await api.newOrganization('Beta');
    const theirs = await api.call('POST', '/v1/virtual-extensions', other.token, { displayName: 'Reception', extension: '5001', phoneNumber: '+31 20 123 4567' });
    expect(theirs.statusCode, theirs.body).toBe(201);
  });

  it("a CSV row on one of the organization's numbers fails on its own line; the other rows land", async () => {
    await post(api, '/v1/numbers', { phoneNumber: '+31 20 123 4567' });
    const csv = 'Extension,Phone Number,Display Name\n5001,+31 20 123 4567,Reception\n5002,+351 21 234 5678,Ana Silva\n';
    const upload = await api.app.inject({ method: 'POST', url: '/v1/virtual-extensions/import', headers: { authorization: `Bearer ${api.rootToken}`, 'content-type': 'text/csv' }, payload: csv });
    expect(upload.statusCode, upload.body).toBe(202);
    const id = upload.json<{ id: string }>().id;
    let task = upload.json<{ status: string; errors: { line: number; column: string | null; code: string }[]; rows: { succeeded: number; failed: number } }>();
    for (let i = 0; i < 1_500 && (task.status === 'queued' || task.status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      task = (await api.call('GET', `/v1/tasks/${id}`, api.rootToken)).json();
    }
    expect(task).toMatchObject({ status: 'completed_with_errors', rows: { succeeded: 1, failed: 1 } });
    expect(task.errors).toMatchObject([{ line: 2, column: 'Phone Number', code: 'phone_number_is_business_number' }]);
    expect((await api.call('GET', '/v1/virtual-extensions', api.rootToken)).json().items.map((v: { displayName: string }) => v.displayName)).toEqual(['Ana Silva']);
  });

  it("refuses a business number, new or changed, that is a virtual extension's number, naming the virtual extension", async () => {
    const ana = await post(api, '/v1/virtual-extensions', { displayName: 'Ana Silva', extension: '5001', phoneNumber: '+351 21 234 5678' });
    const created = await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+351 21 234 5678' });
    expect(created.statusCode, created.body).toBe(409);
    expect(created.json()).toMatchObject({ conflictsWith: { type: 'virtualExtension', id: ana.id }, errors: [{ field: '/phoneNumber', code: 'phone_number_is_virtual_extension' }] });
    expect(created.json().detail).toContain('Ana Silva');

    const main = await post(api, '/v1/numbers', { phoneNumber: '+31 20 123 4567' });
    const changed = await api.call('PATCH', `/v1/numbers/${main.id}`, api.rootToken, { phoneNumber: '+351212345678' });
    expect(changed.statusCode, changed.body).toBe(409);
    expect((await api.call('GET', `/v1/numbers/${main.id}`, api.rootToken)).json().phoneNumber).toBe('+31201234567');
    expect((await api.call('GET', '/v1/numbers', api.rootToken)).json().total).toBe(1);
  });

  it("a new number's inline destinations may name the organization's users and rosters; unknown ones are refused naming the destination", async () => {
    const roster = await post(api, '/v1/rosters', {
      name: 'Support on call',
      timeZone: 'Europe/Amsterdam',
      members: [{ to: '06 1111 1111', label: 'Anna' }],
      rotation: { every: 1, unit: 'weeks', handoverTime: '09:00', startDate: '2026-11-16' },
    });
    const res = await api.call('POST', '/v1/numbers', api.rootToken, {
      phoneNumber: '+31 20 123 4567',
      destinations: { strategy: 'sequential', destinations: [{ to: `user:${plan.bob}`, label: 'Bob' }, { to: `roster:${roster.id}` }, { to: '06 2222 2222' }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const number = res.json<{ id: string }>();
    const destinations = (await api.call('GET', `/v1/numbers/${number.id}/destinations`, api.rootToken)).json().destinations;
    expect(destinations.map((d: { to: string; kind: string }) => [d.to, d.kind])).toEqual([
      [`user:${plan.bob}`, 'user'],
      [`roster:${roster.id}`, 'roster'],
      ['+31622222222', 'phone'],
    ]);

    const unknown = await api.call('POST', '/v1/numbers', api.rootToken, {
      phoneNumber: '+31 20 123 4568',
      destinations: { strategy: 'simultaneous', destinations: [{ to: 'user:usr_01m8000000000000000000' }] },
    });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(unknown.json().errors).toMatchObject([{ field: '/destinations/destinations/0/to' }]);
    expect((await api.call('GET', '/v1/numbers', api.rootToken)).json().total).toBe(1);
  });
});

