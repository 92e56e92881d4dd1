import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

describe.each(storeDialects())('numbers API ($name)', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startTestApi(dialect);
  });
  afterEach(async () => {
    await api.close();
  });

  it.each([
    ['+3120 123 4567', undefined, '+31201234567'],
    ['0031201234567', 'NL', '+31201234567'],
    ['020-123 45 67', undefined, '+31201234567'], // organization country NL
    ['(212) 555-0100', 'US', '+12125550100'],
    ['+44 20 7946 0958', undefined, '+442079460958'],
    ['tel:+61 2 9374 4000', undefined, '+61293744000'],
  ])('stores %s (country %s) as %s', async (typed, country, e164) => {
    const res = await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: typed, label: 'Main', ...(country ? { country } : {}) });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.phoneNumber).toBe(e164);
    expect(res.headers.location).toBe(`/v1/numbers/${body.id}`);
    const got = await api.call('GET', `/v1/numbers/${body.id}`, api.rootToken);
    expect(got.json()).toEqual(body);
  });

  it('refuses an invalid number with a problem naming the field', async () => {
    const res = await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31 20 123' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors).toEqual([expect.objectContaining({ field: '/phoneNumber', code: 'invalid_phone_number' })]);
  });

  it('reports every schema problem per field, unknown fields included', async () => {
    const res = await api.call('POST', '/v1/numbers', api.rootToken, { label: 7, colour: 'red' });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/phoneNumber', '/colour']));
  });

  it('gives a number to one organization only: 409 naming the record in the same organization, nothing about others', async () => {
    const first = (await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '+31201234567' })).json();
    const again = await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: '020 123 4567' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'number_taken', conflictsWith: { type: 'number', id: first.id } });

    const other = await api.newOrganization('Other BV');
    const elsewhere = await api.call('POST', '/v1/numbers', other.token, { phoneNumber: '+31 20 123 4567' });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json().code).toBe('number_taken');
    expect(elsewhere.json().conflictsWith).toBeUndefined();
    expect(elsewhere.body).not.toContain(first.id);
  });

  it('lists with paging, total and search, and changes and deletes', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await api.call('POST', '/v1/numbers', api.rootToken, { phoneNumber: `+3120123456${i}`, label: `Line ${i}` })).statusCode).toBe(201);
    }
    const page = (await api.call('GET', '/v1/numbers?limit=2&offset=2', api.rootToken)).json();
    expect(page.total).toBe(5);
    expect(page.items.map((n: { label: string }) => n.label)).toEqual(['Line 2', 'Line 3']);
    expect((await api.call('GET', '/v1/numbers?q=line%204', api.rootToken)).json().total).toBe(1);

    const id = page.items[0].id;
    const patched = await api.call('PATCH', `/v1/numbers/${id}`, api.rootToken, { label: 'Support', phoneNumber: '+31 20 765 4321' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ label: 'Support', phoneNumber: '+31207654321', version: 2 });

    expect((await api.call('DELETE', `/v1/numbers/${id}`, api.rootToken)).statusCode).toBe(204);
    expect((await api.call('GET', `/v1/numbers/${id}`, api.rootToken)).statusCode).toBe(404);
    expect((await api.call('DELETE', `/v1/numbers/${id}`, api.rootToken)).statusCode).toBe(404);
    expect((await api.call('GET', '/v1/numbers/not-an-id', api.rootToken)).json().code).toBe('not_found');
  });
});
