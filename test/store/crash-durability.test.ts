import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { NumberId, OrganizationId } from '../../src/domain/ids.ts';
import { openStore } from '../../src/store/open-store.ts';
import { temporarySqliteFile } from '../support/databases.ts';

const writer = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url));
const repository = fileURLToPath(new URL('../../', import.meta.url));
const commitsBeforeKill = 300;

describe('SQLite durability when the process is killed', () => {
  it('keeps every transaction that had resolved, in a database that passes its integrity check', async () => {
    const file = temporarySqliteFile();
    try {
      const { organizationId, committed } = await writeUntilKilled(file.path, commitsBeforeKill);
      expect(committed.length).toBeGreaterThanOrEqual(commitsBeforeKill);

      // The kill left commits in the write-ahead log: reopening has to recover them from there.
      expect(statSync(`${file.path}-wal`).size).toBeGreaterThan(0);
      const raw = new BetterSqlite3(file.path);
      try {
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        raw.close();
      }

      const store = await openStore({ kind: 'sqlite', file: file.path });
      try {
        const stored = new Set((await store.numbers.listAll(organizationId)).map((n) => n.id));
        const missing = committed.filter((id) => !stored.has(id));
        expect(missing).toEqual([]);
        const log = await store.audit.list(organizationId, { limit: stored.size + 10, offset: 0, resourceType: 'number' });
        const audited = new Set(log.items.filter((e) => e.action === 'create').map((e) => e.resourceId));
        expect(committed.filter((id) => !audited.has(id))).toEqual([]);
        // Nothing half-done either: each stored number has exactly its one creation entry.
        expect(audited.size).toBe(stored.size);
      } finally {
        await store.close();
      }
    } finally {
      file.remove();
    }
  });
});

/** Runs the writer until it has reported `count` commits, then SIGKILLs it wherever it is. */
function writeUntilKilled(file: string, count: number): Promise<{ organizationId: OrganizationId; committed: NumberId[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, file], { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] });
    let organizationId: OrganizationId | null = null;
    const committed: NumberId[] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      // Only whole lines count: the kill may cut the last one short.
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('organization ')) organizationId = line.slice('organization '.length) as OrganizationId;
        else committed.push(line as NumberId);
      }
      if (!killed && committed.length >= count) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!killed || signal !== 'SIGKILL' || organizationId === null) {
        reject(new Error(`the writer stopped by itself (code ${code}, signal ${signal}):\n${stderr}`));
        return;
      }
      resolve({ organizationId, committed: [...committed] });
    });
  });
}
