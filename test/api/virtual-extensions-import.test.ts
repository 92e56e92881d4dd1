import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaskRunner } from '../../src/api/import/task-runner.ts';
import type { OrganizationId, TaskId } from '../../src/domain/ids.ts';
import { storeDialects } from '../support/databases.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { buildDialPlan, type DialPlanFixture } from './dial-plan-fixture.ts';

/**
 * CSV import of virtual extensions through the API: the upload answers 202 with a task, the task runs
 * in the background, `GET /v1/tasks/{id}` and errors.csv tell what happened to every row. The
 * organization is docs/dial-plan.md's (Amsterdam, Lisbon, New York; Bob 1001 in Amsterdam).
 */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url));

interface TaskBody {
  id: string;
  status: string;
  fileName: string | null;
  rows: { total: number; done: number; succeeded: number; failed: number; unchanged: number };
  error: string | null;
  errors: { line: number; column: string | null; code: string; message: string }[];
  errorsTruncated: boolean;
}

describe.each(storeDialects())('virtual extension import ($name)', (dialect) => {
  let api: TestApi;
  let plan: DialPlanFixture;
  beforeEach(async () => {
    api = await startTestApi(dialect);
    plan = await buildDialPlan(api);
  });
  afterEach(async () => {
    await api.close();
  });

  async function upload(body: string | Buffer, fileName = 'upload.csv'): Promise<TaskBody> {
    const res = await api.app.inject({
      method: 'POST',
      url: `/v1/virtual-extensions/import?fileName=${encodeURIComponent(fileName)}`,
      headers: { authorization: `Bearer ${api.rootToken}`, 'content-type': 'text/csv' },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(202);
    const task = res.json<TaskBody>();
    expect(res.headers.location).toBe(`/v1/tasks/${task.id}`);
    return task;
  }

  /** Follows the task as a client would, until it ends. */
  async function finished(id: string): Promise<TaskBody> {
    for (let i = 0; i < 1_500; i++) {
      const task = (await api.call('GET', `/v1/tasks/${id}`, api.rootToken)).json<TaskBody>();
      if (task.status !== 'queued' && task.status !== 'running') return task;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`task ${id} did not finish`);
  }

  async function listed(): Promise<{ displayName: string; phoneNumber: string; extension: string; level: string; locationName: string | null; version: number }[]> {
    return (await api.call('GET', '/v1/virtual-extensions?limit=500', api.rootToken)).json<{ items: [] }>().items;
  }

  it('imports the awkward file: BOM, CRLF, quoted commas, quotes and line breaks, accents, 中文, العربية; each bad row reported on its own line', async () => {
    const task = await finished((await upload(fixture('awkward.csv'), 'awkward.csv')).id);
    expect(task).toMatchObject({ status: 'completed_with_errors', fileName: 'awkward.csv', error: null, rows: { total: 13, done: 13, succeeded: 6, failed: 7, unchanged: 0 } });
    expect(task.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [6, 'Display Name', 'control_character'],
      [9, 'Display Name', 'too_long'],
      [10, 'Phone Number', 'invalid_phone_number'],
      [11, 'Phone Number', 'DUPLICATE_IN_LIST'],
      [12, 'Extension', 'extension_taken'],
      [13, 'Location', 'unknown_location'],
      [14, 'Extension', 'DUPLICATE_IN_LIST'],
    ]);
    expect(task.errors.find((e) => e.line === 11)?.message).toContain('line 2');
    const names = (await listed()).map((v) => [v.displayName, v.level, v.locationName]);
    expect(names).toEqual([
      ['Ana Silva', 'organization', null],
      ['Álvarez, José', 'location', 'Amsterdam'],
      ['王小明 中文', 'location', 'Lisbon'],
      ['أمل حداد', 'organization', null],
      ['e\u0301'.repeat(60), 'organization', null],
      ['Émile "the writer" Zola', 'organization', null],
    ]);
    // The search finds imported names like any other.
    const search = (await api.call('GET', '/v1/virtual-extensions?q=jose', api.rootToken)).json<{ items: { displayName: string }[] }>();
    expect(search.items.map((i) => i.displayName)).toEqual(['Álvarez, José']);
  });

  it('changes nothing when the same file is imported twice: every valid row counts as unchanged', async () => {
    await finished((await upload(fixture('awkward.csv'))).id);
    const before = await listed();
    const again = await finished((await upload(fixture('awkward.csv'))).id);
    expect(again.rows).toEqual({ total: 13, done: 13, succeeded: 0, failed: 7, unchanged: 6 });
    expect(await listed()).toEqual(before);
    // A row whose phone number is stored already but says something else updates that virtual extension.
    const changed = await finished((await upload('Extension,Phone Number,Display Name\n5001,+351 21 234 5678,Ana Maria Silva\n')).id);
    expect(changed.rows).toMatchObject({ succeeded: 1, failed: 0, unchanged: 0 });
    expect((await listed()).find((v) => v.phoneNumber === '+351212345678')).toMatchObject({ displayName: 'Ana Maria Silva', version: 2 });
  });

  it('reads headers in any order and case, without a Level column, LF line ends and no BOM', async () => {
    const task = await finished((await upload(fixture('reordered.csv'))).id);
    expect(task.rows).toMatchObject({ total: 3, succeeded: 3, failed: 0 });
    expect((await listed()).map((v) => [v.displayName, v.phoneNumber, v.level, v.locationName])).toEqual([
      ['Zoë de Vries', '+31622220001', 'location', 'Amsterdam'],
      ['Wang Wei', '+861065529989', 'organization', null],
      ['Ünal Yıldız', '+902121234567', 'location', 'New York'],
    ]);
  });

  it('takes the file from a multipart form too (a browser upload, curl -F), named by its file name; a form without a file is refused', async () => {
    const boundary = '----ringroute-test-boundary';
    const form = (parts: string[]) => Buffer.from(`${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`, 'utf8');
    const send = (payload: Buffer) =>
      api.app.inject({
        method: 'POST',
        url: '/v1/virtual-extensions/import',
        headers: { authorization: `Bearer ${api.rootToken}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    const res = await send(
      form([
        'Content-Disposition: form-data; name="note"\r\n\r\nignored',
        `Content-Disposition: form-data; name="file"; filename="people.csv"\r\nContent-Type: text/csv\r\n\r\n${fixture('reordered.csv').toString('utf8')}`,
      ]),
    );
    expect(res.statusCode, res.body).toBe(202);
    const task = await finished(res.json<TaskBody>().id);
    expect(task).toMatchObject({ fileName: 'people.csv', rows: { total: 3, succeeded: 3, failed: 0 } });
    expect((await listed()).map((v) => v.displayName)).toEqual(['Zoë de Vries', 'Wang Wei', 'Ünal Yıldız']);

    const noFile = await send(form(['Content-Disposition: form-data; name="note"\r\n\r\nno file here']));
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().detail).toContain('The form has no file');
  });

  it('fails the task with a clear error when required columns are missing, and stores nothing', async () => {
    const task = await finished((await upload(fixture('missing-columns.csv'))).id);
    expect(task.status).toBe('failed');
    expect(task.error).toContain('Phone Number');
    expect(task.rows.succeeded).toBe(0);
    expect(await listed()).toEqual([]);
  });

  it('fails a file that is not CSV (an unclosed quote) and refuses one that is not UTF-8', async () => {
    const task = await finished((await upload('Extension,Phone Number,Display Name\n5001,+351212345678,"Ana\n')).id);
    expect(task.status).toBe('failed');
    expect(task.error).toMatch(/not valid CSV/);
    const latin1 = await api.app.inject({
      method: 'POST',
      url: '/v1/virtual-extensions/import',
      headers: { authorization: `Bearer ${api.rootToken}`, 'content-type': 'text/csv' },
      payload: Buffer.from('Extension,Phone Number,Display Name\n5001,+351212345678,Jos\xe9\n', 'latin1'),
    });
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json().detail).toMatch(/UTF-8/);
  });

  it('gives back the failed rows as errors.csv; fixed and uploaded again, they land', async () => {
    const first = await finished((await upload(fixture('awkward.csv'), 'awkward.csv')).id);
    const res = await api.call('GET', `/v1/tasks/${first.id}/errors.csv`, api.rootToken);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('awkward-errors.csv');
    const [header, ...rows] = parse(res.body, { bom: true }) as string[][];
    expect(header).toEqual(['Level', 'Location', 'Extension', 'Phone Number', 'First Name', 'Last Name', 'Display Name', 'Error']);
    expect(rows.map((r) => r[6])).toEqual(['Two\nlines', 'e\u0301'.repeat(61), 'Bad Number', 'Ana again', "Bob's twin", 'Nowhere', 'Same extension']);
    expect(rows[1]?.[7]).toBe('Display Name: must be at most 60 characters, got 61');

    const fixes: Record<string, (row: string[]) => void> = {
      'Two\nlines': (r) => (r[6] = 'Two lines'),
      [rows[1]?.[6] ?? '']: (r) => (r[6] = 'e\u0301'.repeat(59)),
      'Bad Number': (r) => (r[3] = '+31 6 1234 5099'),
      'Ana again': (r) => (r[3] = '+31 6 1234 5098'),
      "Bob's twin": (r) => (r[2] = '3005'),
      Nowhere: (r) => (r[1] = 'Amsterdam'),
      'Same extension': (r) => (r[2] = '5009'),
    };
    for (const row of rows) fixes[row[6] ?? '']?.(row);
    const fixed = [header ?? [], ...rows].map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\r\n');
    const second = await finished((await upload(fixed)).id);
    expect(second.rows).toEqual({ total: 7, done: 7, succeeded: 7, failed: 0, unchanged: 0 });
    expect((await listed()).length).toBe(13);
    const empty = (await api.call('GET', `/v1/tasks/${second.id}/errors.csv`, api.rootToken)).body;
    expect(parse(empty, { bom: true })).toEqual([['Level', 'Location', 'Extension', 'Phone Number', 'First Name', 'Last Name', 'Display Name', 'Error']]);
  });

  it('serves a template with the header and two example rows that import as they are', async () => {
    const res = await api.call('GET', '/v1/virtual-extensions/template.csv', api.rootToken);
    expect(res.statusCode).toBe(200);
    const [header, ...rows] = parse(res.body, { bom: true }) as string[][];
    expect(header).toEqual(['Level', 'Location', 'Extension', 'Phone Number', 'First Name', 'Last Name', 'Display Name']);
    expect(rows).toHaveLength(2);
    const task = await finished((await upload(res.body)).id);
    expect(task.rows).toMatchObject({ succeeded: 2, failed: 0 });
  });

  it('exports every virtual extension in the template\'s columns; the export imports back unchanged, and an edited row lands', async () => {
    const post = async (body: object) => expect((await api.call('POST', '/v1/virtual-extensions', api.rootToken, body)).statusCode).toBe(201);
    await post({ displayName: 'Silva, Ana "Nita"', firstName: 'Ana', lastName: 'Silva', extension: '5001', phoneNumber: '+351 21 234 5678' });
    await post({ displayName: '王伟', extension: '5002', phoneNumber: '+86 10 6552 9988' });
    await post({ displayName: 'عمر الفاروق', extension: '1002', phoneNumber: '06 1234 5678', locationId: plan.amsterdam });
    const res = await api.call('GET', '/v1/virtual-extensions/export.csv', api.rootToken);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('virtual-extensions-export.csv');
    const [header, ...rows] = parse(res.body, { bom: true }) as string[][];
    expect(header).toEqual(['Level', 'Location', 'Extension', 'Phone Number', 'First Name', 'Last Name', 'Display Name']);
    expect(rows).toEqual([
      ['Organization', '', '5001', '+351212345678', 'Ana', 'Silva', 'Silva, Ana "Nita"'],
      ['Organization', '', '5002', '+861065529988', '', '', '王伟'],
      ['Location', 'Amsterdam', '1002', '+31612345678', '', '', 'عمر الفاروق'],
    ]);

    const again = await finished((await upload(res.body, 'virtual-extensions-export.csv')).id);
    expect(again).toMatchObject({ status: 'completed', rows: { total: 3, succeeded: 0, failed: 0, unchanged: 3 } });

    const edited = res.body.replace('王伟', '王伟 (Beijing)');
    const changed = await finished((await upload(edited)).id);
    expect(changed.rows).toMatchObject({ succeeded: 1, unchanged: 2, failed: 0 });
    expect((await listed()).find((v) => v.extension === '5002')).toMatchObject({ displayName: '王伟 (Beijing)', version: 2 });
  });

  it('lists tasks newest first and keeps other organizations out', async () => {
    const a = await finished((await upload(fixture('reordered.csv'))).id);
    const b = await finished((await upload(fixture('missing-columns.csv'))).id);
    const list = (await api.call('GET', '/v1/tasks', api.rootToken)).json<{ items: { id: string }[]; total: number }>();
    expect(list).toMatchObject({ total: 2 });
    expect(list.items.map((t) => t.id)).toEqual([b.id, a.id]);
    expect((await api.call('GET', '/v1/tasks?status=failed', api.rootToken)).json<{ total: number }>().total).toBe(1);
    const other = await api.newOrganization('Other');
    expect((await api.call('GET', `/v1/tasks/${a.id}`, other.token)).statusCode).toBe(404);
    expect((await api.call('GET', `/v1/tasks/${a.id}/errors.csv`, other.token)).statusCode).toBe(404);
    expect((await api.call('GET', '/v1/tasks', other.token)).json<{ total: number }>().total).toBe(0);
  });

  it('refuses a file of more than 100,000 rows as a whole', async () => {
    const rows = Array.from({ length: 100_001 }, (_, i) => `${i},+1,x`);
    const task = await finished((await upload(`Extension,Phone Number,Display Name\n${rows.join('\n')}\n`)).id);
    expect(task.status).toBe('failed');
    expect(task.error).toContain('100,000');
  });

  it('resumes after a restart from the last committed batch: no row lost, none doubled, duplicates across the break still found', async () => {
    // 20 rows; row 18 repeats row 2's phone number, which a resumed run only knows from the file.
    const lines = Array.from({ length: 20 }, (_, i) => `Organization,,${5100 + i},+31 6 3000 ${String(1000 + i)},,,Person ${i}`);
    lines[17] = 'Organization,,5199,+31 6 3000 1001,,,Late twin';
    const content = `Level,Location,Extension,Phone Number,First Name,Last Name,Display Name\n${lines.join('\n')}\n`;
    const organizationId = (await api.call('GET', '/v1/organization', api.rootToken)).json<{ id: string }>().id as OrganizationId;
    const task = await api.store.transaction({ tokenId: null }, (tx) =>
      tx.tasks.create({ organizationId, kind: 'virtual_extension_import', fileName: 'restart.csv', content, createdBy: null }),
    );

    // The first runner is stopped after its first batch of 6, as a shutdown would stop it.
    const first: TaskRunner = new TaskRunner(api.store, { batchSize: 6, onProgress: () => void first.stop() });
    first.enqueue(task.id);
    await first.idle();
    const halfway = await api.store.tasks.get(organizationId, task.id);
    expect(halfway).toMatchObject({ status: 'running', counts: { done: 6, succeeded: 6 } });
    expect((await listed()).length).toBe(6);

    // A new runner on the same database, as after a restart, picks the task up and finishes it.
    const second = new TaskRunner(api.store, { batchSize: 6 });
    await second.resume();
    await second.idle();
    const done = await finished(task.id);
    expect(done).toMatchObject({ status: 'completed_with_errors', rows: { total: 20, done: 20, succeeded: 19, failed: 1, unchanged: 0 } });
    expect(done.errors).toEqual([expect.objectContaining({ line: 19, column: 'Phone Number', code: 'DUPLICATE_IN_LIST' })]);
    const stored = await listed();
    expect(stored.length).toBe(19);
    expect(new Set(stored.map((v) => v.phoneNumber)).size).toBe(19);
    expect(stored.map((v) => v.extension)).toEqual([...lines.keys()].filter((i) => i !== 17).map((i) => String(5100 + i)));

    // Resuming a finished task does nothing.
    const third = new TaskRunner(api.store);
    third.enqueue(task.id as TaskId);
    await third.idle();
    expect((await listed()).length).toBe(19);
  });
});
