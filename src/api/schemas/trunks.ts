import { Type, type Static } from '@sinclair/typebox';
import { PageOf, PageQuery, Timestamp } from './common.ts';

const Transport = Type.Unsafe<'udp' | 'tcp'>({ type: 'string', enum: ['udp', 'tcp'], description: 'SIP transport to the peer' });

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Host = Type.String({
  minLength: 1,
  maxLength: 255,
  description: 'The SIP peer: a DNS name, an IPv4 address or an IPv6 address',
  examples: ['sip.carrier.example', '192.0.2.10', '2001:db8::10'],
});
const Port = Type.Integer({ minimum: 1, maximum: 65535, description: 'Default 5060' });
const Credential = Type.String({ maxLength: 255 });
const MaxCallsPerSecond = Type.Integer({
  minimum: 1,
  maximum: 10_000,
  description: 'New calls (INVITEs) per second the trunk may send; the excess is answered 503. Default 100',
});
const SourceAddresses = Type.Array(Type.String({ maxLength: 64 }), {
  maxItems: 100,
  description: 'IPv4 and IPv6 networks (CIDR) calls from the phone network may come from; a bare address is one host',
  examples: [['192.0.2.0/24', '2001:db8:10::/48']],
});

export const Trunk = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    host: Type.String(),
    port: Type.Integer(),
    transport: Transport,
    username: Type.Union([Type.String(), Type.Null()], { description: 'Digest user name for outbound calls' }),
    hasPassword: Type.Boolean({ description: 'Whether a digest password is set; the password itself is never shown' }),
    sourceAddresses: Type.Array(Type.String(), { description: 'Canonical CIDRs' }),
    enabled: Type.Boolean(),
    maxCallsPerSecond: Type.Integer({ description: 'New calls (INVITEs) per second the trunk may send; the excess is answered 503' }),
    version: Type.Integer({ description: 'Increases with every change' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Trunk', title: 'Trunk' },
);

export const TrunkList = PageOf(Type.Ref(Trunk), 'TrunkList');

export const CreateTrunk = Type.Object(
  {
    name: Name,
    host: Host,
    port: Type.Optional(Port),
    transport: Type.Optional(Transport),
    username: Type.Optional(Credential),
    password: Type.Optional(Type.String({ maxLength: 255, writeOnly: true })),
    sourceAddresses: Type.Optional(SourceAddresses),
    enabled: Type.Optional(Type.Boolean({ description: 'Default true; an enabled trunk needs at least one source address' })),
    maxCallsPerSecond: Type.Optional(MaxCallsPerSecond),
  },
  { additionalProperties: false },
);
export type CreateTrunkBody = Static<typeof CreateTrunk>;

export const UpdateTrunk = Type.Object(
  {
    name: Type.Optional(Name),
    host: Type.Optional(Host),
    port: Type.Optional(Port),
    transport: Type.Optional(Transport),
    username: Type.Optional(Type.Union([Type.Null(), Credential], { description: 'null removes the credentials (with password null)' })),
    password: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 255 })], { writeOnly: true })),
    sourceAddresses: Type.Optional(SourceAddresses),
    enabled: Type.Optional(Type.Boolean()),
    maxCallsPerSecond: Type.Optional(MaxCallsPerSecond),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTrunkBody = Static<typeof UpdateTrunk>;

export const TrunkListQuery = PageQuery;
