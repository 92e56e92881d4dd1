import { createToken } from '../api/routes/tokens.ts';
import type { Store } from '../store/store.ts';
import type { Config } from './config.ts';

export type BootstrapResult =
  | { readonly created: false }
  | {
      readonly created: true;
      readonly organizationId: string;
      readonly organizationName: string;
      readonly tokenId: string;
      /** Null when the operator supplied it (we do not echo a secret someone gave us). */
      readonly generatedSecret: string | null;
    };

/**
 * First start: an empty database gets a first organization and an admin token that may also administer
 * the platform. The token's secret comes from RINGROUTE_BOOTSTRAP_TOKEN or is generated and shown once.
 * Later starts change nothing.
 */
export async function bootstrap(store: Store, config: Config): Promise<BootstrapResult> {
  if ((await store.organizations.count()) > 0) return { created: false };
  return store.transaction({ tokenId: null }, async (tx) => {
    const organization = await tx.organizations.create({ name: config.defaultOrganizationName, country: config.defaultCountry });
    const token = await createToken(tx, {
      organizationId: organization.id,
      name: 'Bootstrap admin token',
      role: 'admin',
      platformAdmin: true,
      ...(config.bootstrapToken ? { secret: config.bootstrapToken } : {}),
    });
    return {
      created: true,
      organizationId: organization.id,
      organizationName: organization.name,
      tokenId: token.id,
      generatedSecret: config.bootstrapToken ? null : token.secret,
    };
  });
}

export function describeBootstrap(result: BootstrapResult, baseUrl: string): string {
  if (!result.created) return '';
  const secretLine = result.generatedSecret
    ? `  Admin token (shown once, store it now): ${result.generatedSecret}`
    : '  Admin token: the one given in RINGROUTE_BOOTSTRAP_TOKEN';
  return [
    '',
    `First start: created organization "${result.organizationName}" (${result.organizationId}).`,
    secretLine,
    `  Try: curl -H "Authorization: Bearer <token>" ${baseUrl}/v1/organization`,
    '',
  ].join('\n');
}
