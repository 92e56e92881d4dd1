import type { AuditEntry } from '../domain/audit.ts';
import { newId, type OrganizationId } from '../domain/ids.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { auditColumns, isoTime, toAuditEntry, toJsonText, type AuditRow } from './row-mapping.ts';
import { countAll, pageOfRows } from './row-reads.ts';
import type { AuditQuery, AuditReads, AuditRepository, Page } from './store.ts';

export class AuditReader implements AuditReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async list(organizationId: OrganizationId, query: AuditQuery): Promise<Page<AuditEntry>> {
    const { resourceType, resourceId } = query;
    let matching = this.context.db().selectFrom('audit_log').where('organization_id', '=', organizationId);
    if (resourceType !== undefined) matching = matching.where('resource_type', '=', resourceType);
    if (resourceId !== undefined) matching = matching.where('resource_id', '=', resourceId);
    const { rows, total } = await pageOfRows(query, matching.select(auditColumns).orderBy('seq', 'desc'), matching.select(countAll));
    return { items: rows.map(toAuditEntry), total };
  }
}

export type AuditRecord = Parameters<AuditRepository['record']>[0];

export class AuditWriter extends AuditReader implements AuditRepository {
  readonly #write: WriteContext;

  constructor(context: WriteContext) {
    super(context);
    this.#write = context;
  }

  /**
   * Writes one audit entry and notes the change for the change feed: every change a transaction
   * reports, it has also logged, because both happen here and only here.
   */
  async record(entry: AuditRecord): Promise<AuditEntry> {
    const now = this.#write.now();
    const row: AuditRow = {
      id: newId('audit', now),
      organization_id: entry.organizationId,
      at: isoTime(now),
      actor_token_id: this.#write.actor.tokenId,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      before: toJsonText(entry.before),
      after: toJsonText(entry.after),
    };
    await this.#write.db().insertInto('audit_log').values(row).execute();
    this.#write.changes.push({
      organizationId: entry.organizationId,
      resourceType: entry.resourceType,
      resourceId: entry.resourceId,
      action: entry.action,
    });
    return toAuditEntry(row);
  }
}
