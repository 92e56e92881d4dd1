import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { numbersUsing } from '../../src/api/flow-references.ts';
import type { Flow } from '../../src/domain/flow.ts';
import type { RosterId, ScheduleId } from '../../src/domain/ids.ts';
import type { Organization } from '../../src/domain/organization.ts';
import type { Store } from '../../src/store/store.ts';
import { storeDialects } from '../support/databases.ts';
import { amsterdamNumber, createNumber, createOrganization, e164, hangUp, ringMobile, system } from '../store/store-test-data.ts';

const scheduleId = 'sch_0000000000aaaaaaaaaaaa' as ScheduleId;
const otherSchedule = 'sch_0000000000bbbbbbbbbbbb' as ScheduleId;
const rosterId = 'ros_0000000000aaaaaaaaaaaa' as RosterId;

/** Closed hours hang up; open hours ring the mobile. */
const byHours: Flow = { ...ringMobile, rules: [{ scheduleId, when: 'closed', target: hangUp.target }] };

/** Rings the roster, but only for one caller, through the number's own filter (nested deep in the flow). */
const vipToRoster: Flow = {
  ...hangUp,
  filter: {
    mode: 'block',
    entries: [
      {
        match: { kind: 'number', e164: e164('+31612349999') },
        action: {
          kind: 'reroute',
          target: { type: 'ring', strategy: 'sequential', destinations: [{ to: { kind: 'roster', rosterId }, delaySeconds: 0, ringSeconds: 20 }], noAnswer: hangUp.target },
        },
      },
    ],
  },
};

describe.each(storeDialects())('numbersUsing ($name)', (dialect) => {
  let store: Store;
  let acme: Organization;
  let globex: Organization;
  beforeEach(async () => {
    store = await dialect.openMigrated();
    acme = await createOrganization(store, 'Acme');
    globex = await createOrganization(store, 'Globex');
  });
  afterEach(() => store.close());

  it("finds the organization's numbers whose stored flow names the schedule or roster, wherever it sits", async () => {
    const hours = await createNumber(store, acme.id, amsterdamNumber(1), 'Hours', byHours);
    const vip = await createNumber(store, acme.id, amsterdamNumber(2), 'VIP', vipToRoster);
    await createNumber(store, acme.id, amsterdamNumber(3), 'Plain', ringMobile);
    // Another organization's flow naming the same id text is none of Acme's business.
    await createNumber(store, globex.id, amsterdamNumber(4), 'Elsewhere', byHours);

    expect((await numbersUsing(store, acme.id, { scheduleId })).map((n) => n.id)).toEqual([hours.id]);
    expect((await numbersUsing(store, acme.id, { rosterId })).map((n) => n.id)).toEqual([vip.id]);
    expect(await numbersUsing(store, acme.id, { scheduleId: otherSchedule })).toEqual([]);

    // Inside the deleting transaction it sees that transaction's own changes.
    const afterChange = await store.transaction(system, async (tx) => {
      await tx.numbers.update(acme.id, hours.id, { flow: ringMobile });
      return numbersUsing(tx, acme.id, { scheduleId });
    });
    expect(afterChange).toEqual([]);
  });
});
