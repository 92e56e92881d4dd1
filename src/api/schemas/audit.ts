import { Type } from '@sinclair/typebox';
import { PageOf, Timestamp } from './common.ts';

export const AuditEntry = Type.Object(
  {
    id: Type.String(),
    at: Timestamp,
    actorTokenId: Type.Union([Type.String(), Type.Null()], { description: 'The token that made the change; null for the system' }),
    action: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete')]),
    resourceType: Type.String(),
    resourceId: Type.String(),
    before: Type.Unknown({ description: 'The record before the change; null on create' }),
    after: Type.Unknown({ description: 'The record after the change; null on delete' }),
  },
  { $id: 'AuditEntry', title: 'AuditEntry' },
);

export const AuditList = PageOf(Type.Ref(AuditEntry), 'AuditList');

export const AuditQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
  resourceType: Type.Optional(Type.Union([Type.Literal('organization'), Type.Literal('token'), Type.Literal('number'), Type.Literal('trunk'), Type.Literal('schedule'), Type.Literal('roster'), Type.Literal('queue'), Type.Literal('location'), Type.Literal('user'), Type.Literal('virtualExtension'), Type.Literal('virtualExtensionRange')])),
  resourceId: Type.Optional(Type.String()),
});
