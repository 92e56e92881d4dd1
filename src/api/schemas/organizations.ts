import { Type, type Static } from '@sinclair/typebox';
import { PageOf, Timestamp } from './common.ts';
import { CreatedToken } from './tokens.ts';

export const Organization = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    country: Type.String({ description: "ISO 3166 country: numbers typed without a country code are read as this country's" }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Organization', title: 'Organization' },
);

export const OrganizationList = PageOf(Type.Ref(Organization), 'OrganizationList');

const Name = Type.String({ minLength: 1, maxLength: 200 });
const CountryCode = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. NL' });

export const CreateOrganization = Type.Object(
  { name: Name, country: CountryCode },
  { additionalProperties: false },
);
export type CreateOrganizationBody = Static<typeof CreateOrganization>;

export const UpdateOrganization = Type.Object(
  { name: Type.Optional(Name), country: Type.Optional(CountryCode) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrganizationBody = Static<typeof UpdateOrganization>;

export const CreatedOrganization = Type.Object({
  organization: Type.Ref(Organization),
  token: Type.Ref(CreatedToken),
});
