import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countedPrefixes, queryWords, searchWords } from '../../src/store/virtual-extension-search.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';
import { buildDialPlan, post, type DialPlanFixture } from './dial-plan-fixture.ts';

interface Item {
  id: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
}

/**
 * The total of a search of one to three characters (`q=a`, `q=jo`, `q=mül`) comes from counts kept as virtual
 * extensions are written, not from counting the matches. Whatever is written — created one by one or
 * imported, renamed, moved, deleted — the total must equal the matches counted the slow way.
 */
describe.each(storeDialects())('search totals of short prefixes ($name)', (dialect) => {
  let api: TestApi;
  let plan: DialPlanFixture;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    plan = await buildDialPlan(api);
  });
  afterEach(async () => {
    await api.close();
  });

  const all = async (): Promise<Item[]> => (await api.call('GET', '/v1/virtual-extensions?limit=500', api.rootToken)).json<{ items: Item[] }>().items;
  const total = async (q: string): Promise<number> => (await api.call('GET', `/v1/virtual-extensions?limit=1&q=${encodeURIComponent(q)}`, api.rootToken)).json<{ total: number }>().total;

  /** Every prefix of one to three characters of every word, plus a few no name has, each checked against the items. */
  async function expectTotalsMatch(): Promise<void> {
    const items = await all();
    const wordsOf = (item: Item) => searchWords(item.displayName, item.firstName, item.lastName);
    const prefixes = new Set(['zq', 'x', 'ü', '9']);
    for (const item of items) for (const prefix of countedPrefixes(wordsOf(item))) prefixes.add(prefix);
    for (const prefix of prefixes) {
      const [word] = queryWords(prefix);
      const expected = word === undefined ? items.length : items.filter((item) => wordsOf(item).some((w) => w.startsWith(word))).length;
      expect(await total(prefix), `q=${prefix}`).toBe(expected);
    }
  }

  it('stays exact through creates, renames, moves, deletes and a CSV import', async () => {
    const people = [
      ['Ana Silva', 'Ana', 'Silva'],
      ['Anabel Álvarez', null, null],
      ['José Álvarez', 'José', 'Álvarez'],
      ['Jo-Ann O’Neil', 'Jo-Ann', 'O’Neil'],
      ['Zoë Müller', 'Zoë', 'Müller'],
      ['王伟', null, null],
      ['عمر الفاروق', null, null],
      ['Ana Ana Anders', 'Ana', 'Anders'],
    ] as const;
    const created: string[] = [];
    for (const [i, [displayName, firstName, lastName]] of people.entries()) {
      const body = { displayName, firstName, lastName, extension: String(5001 + i), phoneNumber: `+3161234${String(5670 + i)}`, ...(i % 2 === 0 ? {} : { locationId: plan.lisbon }) };
      created.push((await post(api, '/v1/virtual-extensions', body)).id);
    }
    await expectTotalsMatch();
    // ana, anabel/alvarez, alvarez, ann (Jo-Ann), ana/anders: each person once.
    expect(await total('a')).toBe(5);
    expect(await total('al')).toBe(2);
    expect(await total('mül')).toBe(1);

    // Renamed, with and without first and last names; moved to another location; deleted.
    await api.call('PATCH', `/v1/virtual-extensions/${created[0]}`, api.rootToken, { displayName: 'Bea Santos', firstName: null, lastName: null });
    await api.call('PATCH', `/v1/virtual-extensions/${created[2]}`, api.rootToken, { firstName: 'Pepe' });
    await api.call('PATCH', `/v1/virtual-extensions/${created[4]}`, api.rootToken, { locationId: plan.amsterdam });
    expect((await api.call('DELETE', `/v1/virtual-extensions/${created[7]}`, api.rootToken)).statusCode).toBe(204);
    await expectTotalsMatch();
    expect(await total('a')).toBe(3);

    const csv = 'Extension,Phone Number,Display Name,First Name,Last Name\n7001,+31 6 2222 0001,Ana Maria,Ana,Maria\n7002,+31 6 2222 0002,Anton Ålund,,\n5002,+31 6 1234 5671,Anabel Alvarez-Ruiz,,\n';
    const upload = await api.app.inject({ method: 'POST', url: '/v1/virtual-extensions/import', headers: { authorization: `Bearer ${api.rootToken}`, 'content-type': 'text/csv' }, payload: csv });
    expect(upload.statusCode, upload.body).toBe(202);
    const id = upload.json<{ id: string }>().id;
    let task = { status: 'queued', rows: { succeeded: 0 } };
    for (let i = 0; i < 1_500 && (task.status === 'queued' || task.status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      task = (await api.call('GET', `/v1/tasks/${id}`, api.rootToken)).json();
    }
    expect(task).toMatchObject({ status: 'completed', rows: { succeeded: 3 } });
    await expectTotalsMatch();
    expect(await total('a')).toBe(5);
  });
});
