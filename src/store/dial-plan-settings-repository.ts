import { dialPlanDefaults, type DialPlanSettings } from '../domain/dial-plan.ts';
import type { OrganizationId } from '../domain/ids.ts';
import type { ReadContext, WriteContext } from './repository-context.ts';
import { isoTime } from './row-mapping.ts';
import type { AuditRepository, DialPlanSettingsReads, DialPlanSettingsRepository } from './store.ts';
import { lockedOrganizationRow } from './versioned-row.ts';

/**
 * An organization's dial-plan settings live on its row as one JSON document; null means it never
 * changed them and has `dialPlanDefaults`. Changing them is an organization change in the audit log.
 */
export class DialPlanSettingsReader implements DialPlanSettingsReads {
  protected readonly context: ReadContext;

  constructor(context: ReadContext) {
    this.context = context;
  }

  async get(organizationId: OrganizationId): Promise<DialPlanSettings | null> {
    const row = await this.context.db().selectFrom('organizations').select('dial_plan').where('id', '=', organizationId).executeTakeFirst();
    return row ? settingsOf(row.dial_plan) : null;
  }
}

export class DialPlanSettingsWriter extends DialPlanSettingsReader implements DialPlanSettingsRepository {
  readonly #write: WriteContext;
  readonly #audit: AuditRepository;

  constructor(context: WriteContext, audit: AuditRepository) {
    super(context);
    this.#write = context;
    this.#audit = audit;
  }

  async lock(organizationId: OrganizationId): Promise<boolean> {
    const row = await lockedOrganizationRow(this.#write, this.#write.db().selectFrom('organizations').select('id'), organizationId);
    return row !== undefined;
  }

  async update(organizationId: OrganizationId, settings: DialPlanSettings): Promise<DialPlanSettings | null> {
    const current = await lockedOrganizationRow(this.#write, this.#write.db().selectFrom('organizations').select('dial_plan'), organizationId);
    if (!current) return null;
    const after: DialPlanSettings = {
      steeringDigit: settings.steeringDigit,
      extensionLength: settings.extensionLength,
      virtualExtensionMode: settings.virtualExtensionMode,
      phoneContext: settings.phoneContext,
      outboundTrunkId: settings.outboundTrunkId,
    };
    await this.#write
      .db()
      .updateTable('organizations')
      .set({ dial_plan: JSON.stringify(after), updated_at: isoTime(this.#write.now()) })
      .where('id', '=', organizationId)
      .execute();
    await this.#audit.record({
      organizationId,
      action: 'update',
      resourceType: 'organization',
      resourceId: organizationId,
      before: { dialPlan: settingsOf(current.dial_plan) },
      after: { dialPlan: after },
    });
    return after;
  }
}

function settingsOf(text: string | null): DialPlanSettings {
  if (text === null) return dialPlanDefaults;
  // Written by this code from settings the dial plan's shape rules accepted.
  // Settings written before phoneContext and outboundTrunkId existed lack them: the defaults (null) fill in.
  const stored = JSON.parse(text) as Partial<DialPlanSettings> & Pick<DialPlanSettings, 'steeringDigit' | 'extensionLength' | 'virtualExtensionMode'>;
  return { ...dialPlanDefaults, ...stored };
}
