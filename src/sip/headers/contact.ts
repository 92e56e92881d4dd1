import { splitList } from '../grammar/list-splitter.ts';
import { fail, ok } from '../grammar/result.ts';
import type { HeaderDefinition } from './header-definition.ts';
import { formatNameAddr, parseNameAddr, type NameAddr } from './name-addr.ts';

/**
 * Contact (RFC 3261 §20.10): either STAR — only in a REGISTER removing every binding (§10.2.2) — or
 * a list of addresses with their contact-params (expires, q, +sip.instance...). Absent is an empty
 * list.
 */
export type ContactHeader = '*' | readonly NameAddr[];

export const contactDefinition: HeaderDefinition<ContactHeader> = {
  name: 'Contact',
  key: 'contact',
  parse(lines) {
    const values: NameAddr[] = [];
    let star = false;
    let count = 0;
    for (const line of lines) {
      const elements = splitList(line);
      if (!elements.ok) return elements;
      for (const element of elements.value) {
        count++;
        if (element === '*') {
          star = true;
          continue;
        }
        if (element === '') return fail('Contact has an empty element');
        const value = parseNameAddr(element);
        if (!value.ok) return value;
        values.push(value.value);
      }
    }
    if (star) return count === 1 ? ok('*') : fail('Contact: * must stand alone');
    return ok(values);
  },
  format: (value) => (value === '*' ? ['*'] : value.map(formatNameAddr)),
};
