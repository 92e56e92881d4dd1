import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { storeDialects } from '../support/databases.ts';
import { post, type DialPlanProblemBody } from './dial-plan-fixture.ts';

/**
 * Cursor (keyset) paging of GET /v1/virtual-extensions: walking a list page by page with `nextCursor`
 * gives every item once, in the order of the sort asked for, whatever is added or removed between two
 * pages; a cursor that is damaged, mixed with an offset or made for another sort is refused.
 */

interface Item {
  id: string;
  displayName: string;
  extension: string;
  locationId: string | null;
}

interface ListBody {
  items: Item[];
  total: number;
  limit: number;
  offset: number;
  nextCursor: string | null;
}

const sorts = ['displayName', '-displayName', 'extension', '-extension', 'createdAt', '-createdAt'] as const;

/**
 * Names that fold to the same sort key ("Ana", "ána", "ANA"), so ties are broken by creation order,
 * next to names of other scripts. Extensions are not created in their sort order.
 */
const baseNames = ['Ana', 'Zoë de Vries', 'ána', 'Émile Zola', 'bob', 'ANA', 'Bob', '王小明', 'Zoe de vries', 'José Álvarez', 'أمل حداد', 'emile zola'];

describe.each(storeDialects())('virtual extensions by cursor ($name)', (dialect) => {
  let api: TestApi;
  let amsterdam: string;
  let lisbon: string;
  let created = 0;

  beforeEach(async () => {
    api = await startTestApi(dialect);
    amsterdam = (await post(api, '/v1/locations', { name: 'Amsterdam', timeZone: 'Europe/Amsterdam', routingPrefix: '801', outsideDialDigit: '0' })).id;
    lisbon = (await post(api, '/v1/locations', { name: 'Lisbon', timeZone: 'Europe/Lisbon', routingPrefix: '802', outsideDialDigit: '0' })).id;
    created = 0;
  });
  afterEach(async () => {
    await api.close();
  });

  /** A virtual extension with a fresh extension and phone number; every third at a location. */
  async function add(displayName: string): Promise<Item> {
    const n = created++;
    // 7 is coprime to 100: extensions come in another order than creation.
    const digits = String((n * 7) % 100).padStart(2, '0') + String(Math.floor(n / 100));
    const locationId = n % 3 === 1 ? amsterdam : n % 3 === 2 ? lisbon : null;
    const body = { displayName, extension: `${locationId === null ? '5' : '3'}${digits}`, phoneNumber: `+31 6 2000 ${String(1000 + n)}`, ...(locationId === null ? {} : { locationId }) };
    const res = await api.call('POST', '/v1/virtual-extensions', api.rootToken, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Item>();
  }

  async function addMany(count: number): Promise<Item[]> {
    const items: Item[] = [];
    for (let i = 0; i < count; i++) items.push(await add(`${baseNames[i % baseNames.length] ?? 'X'}`));
    return items;
  }

  async function page(query: string): Promise<ListBody> {
    const res = await api.call('GET', `/v1/virtual-extensions?${query}`, api.rootToken);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ListBody>();
  }

  /** Every page from the first by cursor; `between` runs after each page but the last. */
  async function walk(query: string, limit: number, between?: (pageIndex: number, seen: readonly Item[]) => Promise<void>): Promise<{ pages: ListBody[]; items: Item[] }> {
    const pages: ListBody[] = [];
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const body: ListBody = await page(`${query}&limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      pages.push(body);
      items.push(...body.items);
      cursor = body.nextCursor;
      if (pages.length > 100) throw new Error('cursor paging does not end');
      if (cursor !== null && between) await between(pages.length - 1, items);
    } while (cursor !== null);
    return { pages, items };
  }

  /** The whole list in one page of offset paging: the order the sort promises. */
  async function whole(query: string): Promise<Item[]> {
    const body = await page(`${query}&limit=500`);
    expect(body.nextCursor).toBeNull();
    return body.items;
  }

  function refusal(res: { statusCode: number; json: <T>() => T }, code: string): void {
    expect(res.statusCode).toBe(400);
    expect(res.json<DialPlanProblemBody>().errors).toContainEqual(expect.objectContaining({ field: 'querystring/cursor', code }));
  }

  it.each(sorts)('walks every item exactly once, in the order of sort=%s, however the pages fall', async (sort) => {
    await addMany(30);
    const expected = (await whole(`sort=${sort}`)).map((i) => i.id);
    expect(expected).toHaveLength(30);
    for (const limit of [1, 7, 30]) {
      const { pages, items } = await walk(`sort=${sort}`, limit);
      expect(items.map((i) => i.id)).toEqual(expected);
      expect(pages).toHaveLength(Math.ceil(30 / limit));
      for (const p of pages) expect(p).toMatchObject({ total: 30, limit, offset: 0 });
      expect(pages.at(-1)?.nextCursor).toBeNull();
      for (const p of pages.slice(0, -1)) expect(p.nextCursor).toEqual(expect.any(String));
    }
  });

  it('sorts names that fold alike by creation order, and descending is the exact reverse of ascending', async () => {
    const items = await addMany(12);
    const anas = items.filter((i) => ['Ana', 'ána', 'ANA'].includes(i.displayName)).map((i) => i.id);
    const ascending = (await walk('sort=displayName', 4)).items.map((i) => i.id);
    expect(ascending.filter((id) => anas.includes(id))).toEqual(anas);
    expect(ascending.slice(0, 3)).toEqual(anas);
    expect((await walk('sort=-displayName', 5)).items.map((i) => i.id)).toEqual([...ascending].reverse());
  });

  it('continues an offset page by its nextCursor, and leaves the last page without one', async () => {
    await addMany(10);
    const expected = (await whole('sort=extension')).map((i) => i.id);
    const first = await page('sort=extension&limit=4&offset=3');
    expect(first.items.map((i) => i.id)).toEqual(expected.slice(3, 7));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await page(`sort=extension&limit=4&cursor=${encodeURIComponent(first.nextCursor ?? '')}&offset=0`);
    expect(second.items.map((i) => i.id)).toEqual(expected.slice(7, 10));
    expect(second).toMatchObject({ total: 10, offset: 0, nextCursor: null });
    expect((await page('sort=extension&limit=4&offset=6')).nextCursor).toBeNull();
    expect((await page('sort=extension&limit=10')).nextCursor).toBeNull();
    expect(await page('q=nobody')).toMatchObject({ items: [], total: 0, nextCursor: null });
  });

  it.each([
    ['a location', () => `locationId=${amsterdam}`],
    ['organization level', () => 'orgLevelOnly=true'],
    ['a name search', () => 'q=ana'],
    ['a name search of two words', () => `q=${encodeURIComponent('zoe vri')}`],
  ])('keeps the filter on every page: %s', async (_what, filter) => {
    await addMany(36);
    for (const sort of ['displayName', '-extension', '-createdAt']) {
      const query = `${filter()}&sort=${sort}`;
      const expected = (await whole(query)).map((i) => i.id);
      expect(expected.length).toBeGreaterThan(3);
      const { pages, items } = await walk(query, 2);
      expect(items.map((i) => i.id)).toEqual(expected);
      for (const p of pages) expect(p.total).toBe(expected.length);
    }
  });

  it.each(['displayName', '-extension', 'createdAt'] as const)(
    'neither repeats nor skips items that exist throughout when others are added and deleted between pages (sort=%s)',
    async (sort) => {
      const original = await addMany(24);
      const deleted = new Set<string>();
      const remove = async (item: Item | undefined) => {
        if (!item || deleted.has(item.id)) return;
        expect((await api.call('DELETE', `/v1/virtual-extensions/${item.id}`, api.rootToken)).statusCode).toBe(204);
        deleted.add(item.id);
      };
      const before = (await whole(`sort=${sort}`)).map((i) => i.id);
      const { items } = await walk(`sort=${sort}`, 5, async (pageIndex, seen) => {
        // The row the cursor stands on, one already shown and one not yet reached go; new rows come
        // in before and after the cursor.
        await remove(seen.at(-1));
        await remove(seen[0]);
        const unseen = before.filter((id) => !seen.some((s) => s.id === id) && !deleted.has(id));
        await remove(original.find((i) => i.id === unseen[unseen.length - 1 - pageIndex]));
        await add(`Aaron ${pageIndex}`);
        await add(`Zygmunt ${pageIndex}`);
      });
      const ids = items.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      // Deleted before being reached: never shown.
      const shownOriginals = ids.filter((id) => before.includes(id));
      const throughout = before.filter((id) => !deleted.has(id));
      for (const id of throughout) expect(shownOriginals).toContain(id);
      // Everything shown in the order of the sort, relative to each other.
      const now = (await whole(`sort=${sort}`)).map((i) => i.id);
      const shownStillThere = ids.filter((id) => now.includes(id));
      expect(shownStillThere).toEqual(now.filter((id) => shownStillThere.includes(id)));
      expect(deleted.size).toBeGreaterThan(4);
    },
  );

  it('refuses a cursor that is damaged, edited, given with an offset, or made for another sort, naming querystring/cursor', async () => {
    await addMany(6);
    const byName = (await page('sort=displayName&limit=2')).nextCursor ?? '';
    const byDefault = (await page('limit=2')).nextCursor ?? '';
    expect(byName).not.toBe('');
    const get = (query: string) => api.call('GET', `/v1/virtual-extensions?${query}`, api.rootToken);

    for (const bad of ['abc', 'abc.def', '..', byName.slice(0, -1), byName.slice(1), `${byName}.x`, byName.split('.')[0] ?? 'x']) {
      refusal(await get(`sort=displayName&cursor=${encodeURIComponent(bad)}`), 'invalid_cursor');
    }
    // Every single character changed: the cursor no longer reads.
    for (let i = 0; i < byName.length; i++) {
      const swapped = byName[i] === 'A' ? 'B' : 'A';
      const tampered = `${byName.slice(0, i)}${swapped}${byName.slice(i + 1)}`;
      refusal(await get(`sort=displayName&cursor=${encodeURIComponent(tampered)}`), 'invalid_cursor');
    }
    // Its JSON edited by hand and encoded again, without the check that came with it.
    const [body, check] = byName.split('.');
    const edited = Buffer.from(Buffer.from(body ?? '', 'base64url').toString('utf8').replace(/"q":\d+/, '"q":1'), 'utf8').toString('base64url');
    refusal(await get(`sort=displayName&cursor=${encodeURIComponent(`${edited}.${check ?? ''}`)}`), 'invalid_cursor');

    const conflicting = await get(`sort=displayName&offset=2&cursor=${encodeURIComponent(byName)}`);
    refusal(conflicting, 'conflicting_paging');
    expect(conflicting.json<DialPlanProblemBody>().errors[0]?.message).toMatch(/offset/);
    expect((await get(`sort=displayName&offset=0&cursor=${encodeURIComponent(byName)}`)).statusCode).toBe(200);

    refusal(await get(`sort=extension&cursor=${encodeURIComponent(byName)}`), 'cursor_sort_mismatch');
    refusal(await get(`sort=-displayName&cursor=${encodeURIComponent(byName)}`), 'cursor_sort_mismatch');
    refusal(await get(`cursor=${encodeURIComponent(byName)}`), 'cursor_sort_mismatch');
    refusal(await get(`sort=-createdAt&cursor=${encodeURIComponent(byDefault)}`), 'cursor_sort_mismatch');
    expect((await get(`sort=createdAt&cursor=${encodeURIComponent(byDefault)}`)).statusCode).toBe(200);
    expect((await get('cursor=')).statusCode).toBe(400);
  });

  it('keeps another organization out: its cursor pages only through its own virtual extensions', async () => {
    await addMany(5);
    const other = await api.newOrganization('Other');
    const cursor = (await page('limit=2')).nextCursor ?? '';
    const res = await api.call('GET', `/v1/virtual-extensions?limit=2&cursor=${encodeURIComponent(cursor)}`, other.token);
    expect(res.statusCode).toBe(200);
    expect(res.json<ListBody>()).toMatchObject({ items: [], total: 0, nextCursor: null });
  });
});
