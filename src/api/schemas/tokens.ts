import { Type, type Static } from '@sinclair/typebox';
import { PageOf, Timestamp } from './common.ts';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('viewer')], {
  description: 'admin: read and change the configuration; viewer: read only',
});

const tokenFields = {
  id: Type.String(),
  name: Type.String(),
  role: Role,
  platformAdmin: Type.Boolean({ description: 'May also create organizations' }),
  prefix: Type.String({ description: 'The first characters of the secret, to tell tokens apart' }),
  createdAt: Timestamp,
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
};

export const Token = Type.Object(tokenFields, { $id: 'Token', title: 'Token' });

export const CreatedToken = Type.Object(
  {
    ...tokenFields,
    secret: Type.String({ description: 'The bearer token. Shown once, never again: store it now.' }),
  },
  { $id: 'CreatedToken', title: 'CreatedToken' },
);

export const TokenList = PageOf(Type.Ref(Token), 'TokenList');

export const CreateToken = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), role: Role },
  { additionalProperties: false },
);
export type CreateTokenBody = Static<typeof CreateToken>;
