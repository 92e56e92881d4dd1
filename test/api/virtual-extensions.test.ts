import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { buildDialPlan, type DialPlanFixture, type DialPlanProblemBody } from './dial-plan-fixture.ts';

/**
 * /v1/virtual-extensions on the organization of docs/dial-plan.md (Amsterdam 801, Lisbon 802, New York
 * 803 with outside digit 9; Bob 1001 in Amsterdam; Amsterdam's range 2XXX, the organization's 6XXX).
 * The organization is Dutch: numbers typed without a country code are read as Dutch.
 */

interface Item {
  id: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  extension: string;
  phoneNumber: string;
  locationId: string | null;
  level: string;
  esn: string;
  routingPrefix: string | null;
  locationName: string | null;
  version: number;
}

const ana = { displayName: 'Ana Silva', firstName: 'Ana', lastName: 'Silva', extension: '5001', phoneNumber: '+351 21 234 5678' };

/** n user-perceived characters of each kind: one code point, a letter + combining mark, CJK, Arabic. */
const names = {
  latin: (n: number) => 'a'.repeat(n),
  combining: (n: number) => 'e\u0301'.repeat(n),
  chinese: (n: number) => '中文'.repeat(n / 2) + (n % 2 === 1 ? '中' : ''),
  arabic: (n: number) => 'ع'.repeat(n),
  flags: (n: number) => '🇵🇹'.repeat(n),
};

describe.each(storeDialects())('virtual extensions API ($name)', (dialect) => {
  let api: TestApi;
  let plan: DialPlanFixture;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    plan = await buildDialPlan(api);
  });
  afterEach(async () => {
    await api.close();
  });

  async function create(body: object): Promise<Item> {
    const res = await api.call('POST', '/v1/virtual-extensions', api.rootToken, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Item>();
  }

  async function list(query: string): Promise<{ items: Item[]; total: number }> {
    const res = await api.call('GET', `/v1/virtual-extensions?${query}`, api.rootToken);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  function refusal(res: { statusCode: number; json: <T>() => T }, status: number, code: string): DialPlanProblemBody {
    expect(res.statusCode).toBe(status);
    const body = res.json<DialPlanProblemBody>();
    expect(body.errors.map((e) => e.code)).toContain(code);
    return body;
  }

  it('creates, reads, replaces, patches and deletes one, with E.164 out, level, ESN and the location shown', async () => {
    const created = await create(ana);
    expect(created).toMatchObject({
      displayName: 'Ana Silva',
      firstName: 'Ana',
      lastName: 'Silva',
      extension: '5001',
      phoneNumber: '+351212345678',
      locationId: null,
      level: 'organization',
      esn: '5001',
      routingPrefix: null,
      locationName: null,
      version: 1,
    });
    const read = await api.call('GET', `/v1/virtual-extensions/${created.id}`, api.rootToken);
    expect(read.json()).toEqual(created);
    expect(read.headers.etag).toBe('"1"');

    const replaced = await api.call('PUT', `/v1/virtual-extensions/${created.id}`, api.rootToken, { displayName: '  Ana S.  ', extension: '3001', phoneNumber: '06 1234 5678', locationId: plan.amsterdam });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json()).toMatchObject({ displayName: 'Ana S.', firstName: null, lastName: null, phoneNumber: '+31612345678', level: 'location', esn: '8013001', routingPrefix: '801', locationName: 'Amsterdam', version: 2 });

    const stale = await api.call('PATCH', `/v1/virtual-extensions/${created.id}`, api.rootToken, { displayName: 'Old' });
    expect(stale.statusCode).toBe(200);
    const conflict = await api.app.inject({ method: 'PATCH', url: `/v1/virtual-extensions/${created.id}`, headers: { authorization: `Bearer ${api.rootToken}`, 'if-match': '"2"' }, payload: { displayName: 'Late' } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('conflict');

    expect((await api.call('DELETE', `/v1/virtual-extensions/${created.id}`, api.rootToken)).statusCode).toBe(204);
    expect((await api.call('GET', `/v1/virtual-extensions/${created.id}`, api.rootToken)).statusCode).toBe(404);
    expect((await api.call('DELETE', `/v1/virtual-extensions/${created.id}`, api.rootToken)).statusCode).toBe(404);
  });

  it('takes null for the optional fields: locationId null is organization level, null names are none, and a location can be taken away with null', async () => {
    const created = await create({ displayName: 'Ana Silva', firstName: null, lastName: null, extension: '5001', phoneNumber: '+351 21 234 5678', locationId: null });
    expect(created).toMatchObject({ level: 'organization', locationId: null, firstName: null, lastName: null, esn: '5001' });
    const moved = await api.call('PATCH', `/v1/virtual-extensions/${created.id}`, api.rootToken, { locationId: plan.lisbon });
    expect(moved.json()).toMatchObject({ level: 'location', esn: '8025001' });
    const back = await api.call('PATCH', `/v1/virtual-extensions/${created.id}`, api.rootToken, { locationId: null });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ level: 'organization', locationId: null, esn: '5001' });
    const validated = await api.call('POST', '/v1/virtual-extensions/validate', api.rootToken, { extensions: ['5002'], locationId: null });
    expect(validated.statusCode, validated.body).toBe(200);
  });

  it('reads phone numbers in any format a person types, in the organization\'s country, and refuses what is no number', async () => {
    for (const [typed, e164] of [
      ['020 765 4321', '+31207654321'],
      ['(020) 765-4322', '+31207654322'],
      ['+31 (0)20 765 4323', '+31207654323'],
      ['0031207654324', '+31207654324'],
      ['tel:+44-20-7946-0958', '+442079460958'],
    ] as const) {
      const created = await create({ displayName: typed, extension: `1${e164.slice(-3)}`, phoneNumber: typed, locationId: plan.newYork });
      expect(created.phoneNumber).toBe(e164);
    }
    for (const bad of ['12', '+31 20 123', 'not a number']) {
      const res = await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'X', extension: '5009', phoneNumber: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toContainEqual(expect.objectContaining({ field: '/phoneNumber', code: 'invalid_phone_number' }));
    }
  });

  it.each(Object.entries(names))('counts the display name in characters people see (%s): 60 pass, 61 are refused', async (_kind, make) => {
    const sixty = make(60);
    const created = await create({ displayName: sixty, extension: '5001', phoneNumber: '+351 21 234 5678' });
    expect(created.displayName).toBe(sixty);
    const res = await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: make(61), extension: '5002', phoneNumber: '+351 21 234 5679' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field: '/displayName', code: 'too_long', message: 'must be at most 60 characters, got 61' }));
  });

  it('refuses an empty display name, control characters and unknown fields, naming the field', async () => {
    for (const [displayName, code] of [
      ['   ', 'required'],
      ['Ana\nSilva', 'control_character'],
      ['Ana\tSilva', 'control_character'],
    ] as const) {
      const res = await api.call('POST', '/v1/virtual-extensions', api.rootToken, { ...ana, displayName });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toContainEqual(expect.objectContaining({ field: '/displayName', code }));
    }
    const missing = await api.call('POST', '/v1/virtual-extensions', api.rootToken, { extension: '5001', phoneNumber: '+351212345678' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toContainEqual(expect.objectContaining({ field: '/displayName' }));
    expect((await api.call('POST', '/v1/virtual-extensions', api.rootToken, { ...ana, colour: 'red' })).statusCode).toBe(400);
  });

  it('refuses conflicts by the matrix, naming the record: taken extension, shadowing, reserved digits, ranges, taken numbers', async () => {
    const anaRecord = await create(ana);
    const taken = refusal(await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'X', extension: '1001', phoneNumber: '+31 6 1111 0001', locationId: plan.amsterdam }), 409, 'extension_taken');
    expect(taken.conflictsWith).toEqual({ type: 'user', id: plan.bob });
    const shadows = refusal(await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'X', extension: '1001', phoneNumber: '+31 6 1111 0002' }), 409, 'extension_shadows');
    expect(shadows.errors.map((e) => e.message).join(' ')).toContain(plan.bob);
    refusal(await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'X', extension: '8123', phoneNumber: '+31 6 1111 0003' }), 409, 'extension_reserved_digit');
    refusal(await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'X', extension: '2345', phoneNumber: '+31 6 1111 0004', locationId: plan.amsterdam }), 409, 'extension_in_range');
    const number = refusal(await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'X', extension: '5002', phoneNumber: '+351212345678' }), 409, 'phone_number_taken');
    expect(number.conflictsWith).toEqual({ type: 'virtualExtension', id: anaRecord.id });
    refusal(await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'X', extension: '50011', phoneNumber: '+31 6 1111 0005' }), 400, 'invalid_extension');
    refusal(await api.call('POST', '/v1/virtual-extensions', api.rootToken, { displayName: 'X', extension: '5003', phoneNumber: '+31 6 1111 0006', locationId: 'loc_00000000000000000000zz' }), 400, 'unknown_location');
    expect((await list('')).total).toBe(1);
  });

  it('changes level and location later, with the same checks: to a location where the extension is free, not where it is taken', async () => {
    const created = await create({ ...ana, extension: '3001' });
    const moved = await api.call('PATCH', `/v1/virtual-extensions/${created.id}`, api.rootToken, { locationId: plan.lisbon });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ level: 'location', locationId: plan.lisbon, esn: '8023001', locationName: 'Lisbon' });

    const onBob = await api.call('PATCH', `/v1/virtual-extensions/${created.id}`, api.rootToken, { extension: '1001', locationId: plan.amsterdam });
    expect(refusal(onBob, 409, 'extension_taken').conflictsWith).toEqual({ type: 'user', id: plan.bob });

    const back = await api.call('PATCH', `/v1/virtual-extensions/${created.id}`, api.rootToken, { level: 'organization' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ level: 'organization', locationId: null, esn: '3001', routingPrefix: null });

    // At organization level 1001 would shadow Bob's and Carla's.
    refusal(await api.call('PATCH', `/v1/virtual-extensions/${created.id}`, api.rootToken, { extension: '1001' }), 409, 'extension_shadows');
    // A location-level one in New York may not start with New York's outside dial digit 9.
    refusal(await api.call('PATCH', `/v1/virtual-extensions/${created.id}`, api.rootToken, { extension: '9001', locationId: plan.newYork }), 409, 'extension_reserved_digit');
    const inconsistent = await api.call('PATCH', `/v1/virtual-extensions/${created.id}`, api.rootToken, { level: 'organization', locationId: plan.lisbon });
    expect(inconsistent.statusCode).toBe(400);
  });

  it('lists with q (word prefixes, case and accents ignored), extension, phone number, location, organization level, sort and paging', async () => {
    const jose = await create({ displayName: 'José Álvarez', extension: '3001', phoneNumber: '+34 912 345 678', locationId: plan.amsterdam });
    const zoe = await create({ displayName: 'Zoë de Vries', firstName: 'Zoë', lastName: 'de Vries', extension: '3002', phoneNumber: '+31 6 2222 0001', locationId: plan.lisbon });
    const wang = await create({ displayName: '王小明', extension: '5001', phoneNumber: '+86 10 6552 9988' });
    const amal = await create({ displayName: 'أمل حداد', firstName: 'Amal', extension: '5002', phoneNumber: '+971 50 123 4567' });

    const names = async (query: string) => (await list(query)).items.map((i) => i.displayName);
    expect(await names('q=jose')).toEqual(['José Álvarez']);
    expect(await names('q=JOSÉ')).toEqual(['José Álvarez']);
    expect(await names('q=alv')).toEqual(['José Álvarez']);
    expect(await names('q=alv%20jo')).toEqual(['José Álvarez']);
    expect(await names('q=varez')).toEqual([]);
    expect(await names('q=zoe')).toEqual(['Zoë de Vries']);
    expect(await names('q=vri')).toEqual(['Zoë de Vries']);
    expect(await names(`q=${encodeURIComponent('王')}`)).toEqual(['王小明']);
    expect(await names(`q=${encodeURIComponent('أمل')}`)).toEqual(['أمل حداد']);
    expect(await names('q=amal')).toEqual(['أمل حداد']);

    expect(await names('extension=3002')).toEqual(['Zoë de Vries']);
    expect(await names(`phoneNumber=${encodeURIComponent('0034 912 345 678')}`)).toEqual(['José Álvarez']);
    expect(await names(`locationId=${plan.amsterdam}`)).toEqual(['José Álvarez']);
    expect(await names('orgLevelOnly=true')).toEqual(['王小明', 'أمل حداد']);

    expect(await names('sort=displayName')).toEqual(['José Álvarez', 'Zoë de Vries', 'أمل حداد', '王小明']);
    expect(await names('sort=-extension')).toEqual(['أمل حداد', '王小明', 'Zoë de Vries', 'José Álvarez']);
    expect(await names('sort=-createdAt')).toEqual(['أمل حداد', '王小明', 'Zoë de Vries', 'José Álvarez']);
    const page = await list('sort=extension&limit=2&offset=1');
    expect(page.total).toBe(4);
    expect(page.items.map((i) => i.id)).toEqual([zoe.id, wang.id]);
    expect((await list('q=zzz')).total).toBe(0);
    expect(jose.id).not.toBe(amal.id);

    expect((await api.call('GET', '/v1/virtual-extensions?sort=colour', api.rootToken)).statusCode).toBe(400);
    expect((await api.call('GET', '/v1/virtual-extensions?phoneNumber=12', api.rootToken)).statusCode).toBe(400);
  });

  it('validates phone numbers and extensions without writing: VALID, DUPLICATE, DUPLICATE_IN_LIST, INVALID', async () => {
    const anaRecord = await create(ana);
    const res = await api.call('POST', '/v1/virtual-extensions/validate', api.rootToken, {
      phoneNumbers: ['+351 21 234 5678', '06 1234 5678', '+31612345678', '12'],
      extensions: ['1001', '3001', '3001', '12', '2345', '0123', '5001'],
      locationId: plan.amsterdam,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ phoneNumbers: { status: string; code: string; conflictsWith?: unknown }[]; extensions: { status: string; code: string }[] }>();
    expect(body.phoneNumbers.map((p) => [p.status, p.code])).toEqual([
      ['DUPLICATE', 'phone_number_taken'],
      ['VALID', 'valid'],
      ['DUPLICATE_IN_LIST', 'duplicate_in_list'],
      ['INVALID', 'invalid_phone_number'],
    ]);
    expect(body.phoneNumbers[0]?.conflictsWith).toEqual({ type: 'virtualExtension', id: anaRecord.id });
    expect(body.extensions.map((e) => [e.status, e.code])).toEqual([
      ['DUPLICATE', 'extension_taken'],
      ['VALID', 'valid'],
      ['DUPLICATE_IN_LIST', 'duplicate_in_list'],
      ['INVALID', 'invalid_extension'],
      ['DUPLICATE', 'extension_in_range'],
      ['INVALID', 'extension_reserved_digit'],
      ['DUPLICATE', 'extension_shadows'],
    ]);
    expect((await list('')).total).toBe(1);
  });

  it('keeps organizations apart and lets viewers read only', async () => {
    const created = await create(ana);
    const other = await api.newOrganization('Other');
    expect((await api.call('GET', `/v1/virtual-extensions/${created.id}`, other.token)).statusCode).toBe(404);
    expect((await api.call('GET', '/v1/virtual-extensions', other.token)).json()).toMatchObject({ total: 0 });
    // The same number may be a virtual extension in another organization.
    expect((await api.call('POST', '/v1/virtual-extensions', other.token, ana)).statusCode).toBe(201);
  });
});
