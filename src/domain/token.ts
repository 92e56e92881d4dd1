import type { OrganizationId, TokenId } from './ids.ts';

/** `admin` may read and change its organization's configuration; `viewer` may only read. */
export type TokenRole = 'admin' | 'viewer';

export const tokenRoles: readonly TokenRole[] = ['admin', 'viewer'];

/** An API token as stored: the secret itself is never kept, only its SHA-256. */
export interface ApiToken {
  readonly id: TokenId;
  readonly organizationId: OrganizationId;
  readonly name: string;
  readonly role: TokenRole;
  /** May also administer the platform (create organizations). Only the bootstrap token has it. */
  readonly platformAdmin: boolean;
  /** The first characters of the secret, so a person can tell tokens apart. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

/** Who is making a request, as established by the bearer token. */
export interface Actor {
  readonly tokenId: TokenId;
  readonly organizationId: OrganizationId;
  readonly role: TokenRole;
  readonly platformAdmin: boolean;
}
