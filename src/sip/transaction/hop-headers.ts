import { splitList } from '../grammar/list-splitter.ts';
import type { HeaderField } from '../headers/header-field.ts';
import type { SipRequest } from '../message/sip-request.ts';

/**
 * The header fields a CANCEL (§9.1) or a non-2xx ACK (§17.1.1.3) copies from its INVITE: only the
 * top Via (so it reaches the same transaction), Max-Forwards, the Route set, From, To, Call-ID,
 * and the CSeq number with the new method.
 */
export function hopHeaders(invite: SipRequest, method: string): HeaderField[] {
  const fields: HeaderField[] = [];
  const [topLine] = invite.rawHeaders('Via');
  fields.push({ name: 'Via', value: firstValue(topLine ?? '') });
  fields.push({ name: 'Max-Forwards', value: '70' });
  for (const value of invite.rawHeaders('Route')) fields.push({ name: 'Route', value });
  fields.push({ name: 'From', value: invite.rawHeader('From')! });
  fields.push({ name: 'To', value: invite.rawHeader('To')! });
  fields.push({ name: 'Call-ID', value: invite.callId });
  fields.push({ name: 'CSeq', value: `${invite.cseq.seq} ${method}` });
  return fields;
}

/** The first value of a Via line that may list several. */
function firstValue(line: string): string {
  const parsed = splitList(line);
  return parsed.ok ? (parsed.value[0] ?? line) : line;
}
