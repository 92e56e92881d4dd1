import { AuditReader, AuditWriter } from './audit-repository.ts';
import { DialPlanSettingsReader, DialPlanSettingsWriter } from './dial-plan-settings-repository.ts';
import { DocumentReader, DocumentWriter } from './document-repository.ts';
import { LocationReader, LocationWriter } from './location-repository.ts';
import { NumberReader, NumberWriter } from './number-repository.ts';
import { OrganizationReader, OrganizationWriter } from './organization-repository.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { queueKind } from './queue-repository.ts';
import { RangeReader, RangeWriter } from './range-repository.ts';
import { rosterKind } from './roster-repository.ts';
import { scheduleKind } from './schedule-repository.ts';
import type { ReadRepositories, Repositories } from './store.ts';
import { TokenReader, TokenWriter } from './token-repository.ts';
import { TrunkReader, TrunkWriter } from './trunk-repository.ts';
import { UserReader, UserWriter } from './user-repository.ts';
import { TaskReader, TaskWriter } from './task-repository.ts';
import { VirtualExtensionReader, VirtualExtensionWriter } from './virtual-extension-repository.ts';

/** The store-level repositories: reads only, so there is no way to write outside a transaction. */
export function readRepositories(context: ReadContext): ReadRepositories {
  return {
    organizations: new OrganizationReader(context),
    tokens: new TokenReader(context),
    numbers: new NumberReader(context),
    trunks: new TrunkReader(context),
    schedules: new DocumentReader(context, scheduleKind),
    rosters: new DocumentReader(context, rosterKind),
    queues: new DocumentReader(context, queueKind),
    audit: new AuditReader(context),
    dialPlanSettings: new DialPlanSettingsReader(context),
    locations: new LocationReader(context),
    users: new UserReader(context),
    virtualExtensionRanges: new RangeReader(context),
    virtualExtensions: new VirtualExtensionReader(context),
    tasks: new TaskReader(context),
  };
}

/** The repositories of one transaction; every writer audits through the same audit writer. */
export function transactionRepositories(context: WriteContext): Repositories {
  const audit = new AuditWriter(context);
  return {
    organizations: new OrganizationWriter(context, audit),
    tokens: new TokenWriter(context, audit),
    numbers: new NumberWriter(context, audit),
    trunks: new TrunkWriter(context, audit),
    schedules: new DocumentWriter(context, audit, scheduleKind),
    rosters: new DocumentWriter(context, audit, rosterKind),
    queues: new DocumentWriter(context, audit, queueKind),
    audit,
    dialPlanSettings: new DialPlanSettingsWriter(context, audit),
    locations: new LocationWriter(context, audit),
    users: new UserWriter(context, audit),
    virtualExtensionRanges: new RangeWriter(context, audit),
    virtualExtensions: new VirtualExtensionWriter(context, audit),
    tasks: new TaskWriter(context),
  };
}
