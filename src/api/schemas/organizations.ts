import { Type, type Static } from '@sinclair/typebox';
import { PageOf, Timestamp } from './common.ts';
import { CreatedToken } from './tokens.ts';

export const Organization = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    country: Type.String({ description: "ISO 3166 country: numbers typed without a country code are read as this country's" }),
    allowedCountries: Type.Union([Type.Array(Type.String()), Type.Null()], {
      description:
        'The countries calls may be sent to over the phone network (ISO 3166-1 alpha-2), a guard against toll fraud: a leg to a number of any other country is refused. null: only `country`, and it follows a change of `country`.',
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Organization', title: 'Organization' },
);

export const OrganizationList = PageOf(Type.Ref(Organization), 'OrganizationList');

const Name = Type.String({ minLength: 1, maxLength: 200 });
const CountryCode = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. NL' });
// Null first: Ajv's type coercion would otherwise turn null into [null] in the array branch.
const AllowedCountries = Type.Union(
  [Type.Null(), Type.Array(Type.String({ maxLength: 64 }), { maxItems: 250 })],
  {
    description:
      'ISO 3166-1 alpha-2 codes in any case (upper case out, repeats removed); [] allows no country; null goes back to the default, only the organization\'s own country',
    examples: [['NL', 'BE', 'DE']],
  },
);

export const CreateOrganization = Type.Object(
  { name: Name, country: CountryCode, allowedCountries: Type.Optional(AllowedCountries) },
  { additionalProperties: false },
);
export type CreateOrganizationBody = Static<typeof CreateOrganization>;

export const UpdateOrganization = Type.Object(
  { name: Type.Optional(Name), country: Type.Optional(CountryCode), allowedCountries: Type.Optional(AllowedCountries) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrganizationBody = Static<typeof UpdateOrganization>;

export const CreatedOrganization = Type.Object({
  organization: Type.Ref(Organization),
  token: Type.Ref(CreatedToken),
});
