import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organization } from '../../src/domain/organization.ts';
import { ChangeListenerError } from '../../src/store/change-listener-error.ts';
import type { Repositories, Store, StoreChange } from '../../src/store/store.ts';
import { storeDialects } from '../support/databases.ts';
import { amsterdamNumber, createNumber, createOrganization, hangUp, system } from './store-test-data.ts';

describe.each(storeDialects())('transactions and the change feed ($name)', (dialect) => {
  let store: Store;
  let acme: Organization;
  beforeEach(async () => {
    store = await dialect.openMigrated();
    acme = await createOrganization(store, 'Acme');
  });
  afterEach(() => store.close());

  it('tells listeners, after commit, every change the transaction made', async () => {
    const heard: { changes: readonly StoreChange[]; visible: number }[] = [];
    store.onChange(async (changes) => {
      // Reading through the store here sees the committed data.
      heard.push({ changes, visible: (await store.numbers.listAll(acme.id)).length });
    });
    const { one, two } = await store.transaction(system, async (tx) => {
      const one = await tx.numbers.create({ organizationId: acme.id, phoneNumber: amsterdamNumber(1), label: 'One', flow: hangUp });
      const two = await tx.numbers.create({ organizationId: acme.id, phoneNumber: amsterdamNumber(2), label: 'Two', flow: hangUp });
      await tx.numbers.update(acme.id, one.id, { label: 'Uno' });
      return { one, two };
    });
    expect(heard).toEqual([
      {
        changes: [
          { organizationId: acme.id, resourceType: 'number', resourceId: one.id, action: 'create' },
          { organizationId: acme.id, resourceType: 'number', resourceId: two.id, action: 'create' },
          { organizationId: acme.id, resourceType: 'number', resourceId: one.id, action: 'update' },
        ],
        visible: 2,
      },
    ]);
  });

  it('resolves only after every listener has finished, listeners called one after another in order', async () => {
    const events: string[] = [];
    let releaseFirst!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
    store.onChange(async () => {
      events.push('first started');
      await firstMayFinish;
      events.push('first finished');
    });
    store.onChange(() => {
      events.push('second');
    });
    const committing = store.transaction(system, (tx) => tx.organizations.update(acme.id, { name: 'Acme 2' })).then(() => {
      events.push('transaction resolved');
    });
    while (!events.includes('first started')) await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['first started']);
    releaseFirst();
    await committing;
    expect(events).toEqual(['first started', 'first finished', 'second', 'transaction resolved']);
  });

  it('emits nothing and keeps nothing when the transaction fails', async () => {
    const heard: unknown[] = [];
    store.onChange((changes) => void heard.push(changes));
    const failure = new Error('validation failed halfway');
    await expect(
      store.transaction(system, async (tx) => {
        await tx.numbers.create({ organizationId: acme.id, phoneNumber: amsterdamNumber(1), label: 'x', flow: hangUp });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(heard).toEqual([]);
    expect(await store.numbers.findByPhoneNumber(amsterdamNumber(1))).toBeNull();
  });

  it('emits nothing for a transaction that changed nothing', async () => {
    const heard: unknown[] = [];
    store.onChange((changes) => void heard.push(changes));
    expect(await store.transaction(system, (tx) => tx.organizations.count())).toBe(1);
    expect(heard).toEqual([]);
  });

  it('keeps the commit when a listener throws, still calls the others, and reports the failure', async () => {
    const boom = new Error('snapshot rebuild failed');
    const heardByLater: unknown[] = [];
    store.onChange(() => {
      throw boom;
    });
    store.onChange((changes) => void heardByLater.push(changes));
    const error = await createNumber(store, acme.id, amsterdamNumber(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChangeListenerError);
    expect(error).toMatchObject({ code: 'internal', failures: [boom], cause: boom });
    expect((error as Error).message).toMatch(/saved/);
    expect(heardByLater).toHaveLength(1);
    expect(await store.numbers.findByPhoneNumber(amsterdamNumber(1))).not.toBeNull();
  });

  it('stops calling a listener once it unsubscribes', async () => {
    const heard: unknown[] = [];
    const stop = store.onChange((changes) => void heard.push(changes));
    await createNumber(store, acme.id, amsterdamNumber(1));
    stop();
    await createNumber(store, acme.id, amsterdamNumber(2));
    expect(heard).toHaveLength(1);
  });

  it('lets a transaction read its own writes', async () => {
    const seen = await store.transaction(system, async (tx) => {
      const number = await tx.numbers.create({ organizationId: acme.id, phoneNumber: amsterdamNumber(1), label: 'x', flow: hangUp });
      return { byId: await tx.numbers.get(acme.id, number.id), page: await tx.numbers.list(acme.id, { limit: 10, offset: 0 }) };
    });
    expect(seen.byId?.label).toBe('x');
    expect(seen.page.total).toBe(1);
  });

  it('runs many concurrent transactions to completion, each reporting its own change', async () => {
    const heard: StoreChange[] = [];
    store.onChange((changes) => void heard.push(...changes));
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.transaction(system, async (tx) => {
          const taken = await tx.numbers.list(acme.id, { limit: 1, offset: 0 });
          const number = await tx.numbers.create({ organizationId: acme.id, phoneNumber: amsterdamNumber(i), label: `n${taken.total}`, flow: hangUp });
          return number;
        }),
      ),
    );
    expect((await store.numbers.list(acme.id, { limit: 100, offset: 0 })).total).toBe(25);
    expect(heard.map((c) => c.resourceId).sort()).toEqual(created.map((n) => n.id).sort());
  });

  it('refuses store-level reads, nested transactions and closing from inside a transaction', async () => {
    await expect(store.transaction(system, () => store.organizations.count())).rejects.toThrow(/use the transaction's repositories/);
    await expect(store.transaction(system, () => store.transaction(system, async () => 1))).rejects.toThrow(/inside store\.transaction/);
    await expect(store.transaction(system, () => store.close())).rejects.toThrow(/inside store\.transaction/);
    // The store is still usable afterwards.
    expect(await store.organizations.count()).toBe(1);
  });

  it('refuses to use a transaction’s repositories after it has ended', async () => {
    let leaked: Repositories | undefined;
    await store.transaction(system, async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.organizations.create({ name: 'Late', country: acme.country })).rejects.toThrow(/transaction has ended/);
    expect(await store.organizations.count()).toBe(1);
  });
});
