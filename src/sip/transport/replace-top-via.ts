import { splitList } from '../grammar/list-splitter.ts';
import { formatVia, type Via } from '../headers/via.ts';
import type { SipRequest } from '../message/sip-request.ts';

/**
 * Puts `top` in place of the request's topmost Via value. A Via line may hold several
 * comma-separated values (RFC 3261 §7.3.1); only the first value of the first line is replaced,
 * the others stay verbatim.
 */
export function replaceTopVia(request: SipRequest, top: Via): void {
  const lines = request.rawHeaders('Via');
  const first = splitList(lines[0] ?? '');
  const rest = first.ok ? first.value.slice(1) : [];
  request.setHeader('Via', [[formatVia(top), ...rest].join(', '), ...lines.slice(1)]);
}
