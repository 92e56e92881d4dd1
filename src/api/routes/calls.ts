import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CallRecord as CallRecordValue } from '../../domain/call-record.ts';
import { NotFoundError, ValidationError, type FieldIssue } from '../../domain/errors.ts';
import { asId } from '../../domain/ids.ts';
import { parsePhoneNumber, type Country } from '../../domain/phone-number.ts';
import type { CallQuery } from '../../store/store.ts';
import { actorOf } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { organizationOf } from '../organization-input.ts';
import { presentCall } from '../presenters.ts';
import { ActiveCallQuery, CallList, CallListQuery, CallRecord, type CallListQueryString } from '../schemas/calls.ts';
import { authProblems, IdParams, ProblemRef } from '../schemas/common.ts';

const tags = ['calls'];

/**
 * Call records: finished calls from the store, calls in progress from call control. `/calls/active`
 * is a static path, which Fastify's router prefers to `/calls/:id` whatever the order they are
 * registered in; a test holds it to that.
 */
export function callRoutes(ctx: ApiContext): FastifyPluginAsyncTypebox {
  const { store } = ctx;
  return async (app) => {
    app.get(
      '/calls',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: 'List calls, newest first',
          description: 'Every call to your numbers, with caller, legs, who answered, duration and end cause. Filters combine.',
          querystring: CallListQuery,
          response: { 200: CallList, ...authProblems },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { limit, offset, caller, dialledNumber } = request.query;
        // Phone numbers typed without a country code are read as the organization's country.
        const country = caller !== undefined || dialledNumber !== undefined ? (await organizationOf(store, actor.organizationId)).country : null;
        const page = await store.calls.list(actor.organizationId, callQuery(request.query, country));
        return { items: page.items.map(presentCall), total: page.total, limit, offset };
      },
    );

    app.get(
      '/calls/active',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: 'Calls in progress, newest first',
          description: 'Calls ringing or talking on this node right now.',
          querystring: ActiveCallQuery,
          response: { 200: CallList, ...authProblems },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { limit, offset } = request.query;
        // Call control keeps calls of every organization; only the caller's own may leave.
        const active = ctx.calls
          .activeCalls(actor.organizationId)
          .filter((call) => call.organizationId === actor.organizationId)
          .sort(newestFirst);
        return { items: active.slice(offset, offset + limit).map(presentCall), total: active.length, limit, offset };
      },
    );

    app.get(
      '/calls/:id',
      {
        config: { access: 'read' },
        schema: { tags, summary: 'Get a call', params: IdParams, response: { 200: Type.Ref(CallRecord), ...authProblems, 404: ProblemRef } },
      },
      async (request) => {
        const actor = actorOf(request);
        const id = asId('call', request.params.id);
        const call = id ? await store.calls.get(actor.organizationId, id) : null;
        if (!call) throw new NotFoundError('Call', request.params.id);
        return presentCall(call);
      },
    );
  };
}

/** The query's filters in the store's terms; phone numbers read as people type them, like everywhere else. */
function callQuery(query: CallListQueryString, country: Country | null): CallQuery {
  const { limit, offset, result, numberId, caller, dialledNumber, since, until } = query;
  const issues: FieldIssue[] = [];
  const phone = (raw: string, field: string): string => {
    const parsed = parsePhoneNumber(raw, country);
    if (parsed.ok) return parsed.e164;
    issues.push({ field, code: parsed.code, message: parsed.message });
    return '';
  };
  const filters: CallQuery = {
    limit,
    offset,
    ...(result !== undefined ? { result } : {}),
    ...(numberId !== undefined ? { numberId: readNumberId(numberId, issues) } : {}),
    // A withheld number is recorded as `anonymous`, and is a filter people want ("who keeps hiding?").
    ...(caller !== undefined ? { caller: caller.trim().toLowerCase() === 'anonymous' ? 'anonymous' : phone(caller, 'querystring/caller') } : {}),
    ...(dialledNumber !== undefined ? { dialledNumber: phone(dialledNumber, 'querystring/dialledNumber') } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  };
  if (issues.length > 0) throw new ValidationError(issues);
  return filters;
}

function readNumberId(raw: string, issues: FieldIssue[]) {
  const id = asId('number', raw);
  if (id) return id;
  issues.push({ field: 'querystring/numberId', code: 'invalid_id', message: `${JSON.stringify(raw)} is not a number id (num_…)` });
  return undefined;
}

function newestFirst(a: CallRecordValue, b: CallRecordValue): number {
  return Date.parse(b.startedAt) - Date.parse(a.startedAt);
}
