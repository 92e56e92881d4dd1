import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exceptionsFromIcs } from '../../src/domain/ics-import.ts';
import { IcsImportError } from '../../src/domain/ics-import-error.ts';
import { scheduleFromInput } from '../../src/domain/schedule-input.ts';
import { scheduleStateAt } from '../../src/routing/schedule-evaluator.ts';

const fixture = readFileSync(new URL('../fixtures/ics/nl-holidays-2026-2027.ics', import.meta.url), 'utf8');

/** A calendar around the given VEVENT lines, with CRLF line ends as RFC 5545 §3.1 writes them. */
function calendar(...events: string[][]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//ringroute tests//EN'];
  for (const event of events) lines.push('BEGIN:VEVENT', 'UID:x@example.test', 'DTSTAMP:20260101T000000Z', ...event, 'END:VEVENT');
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

function invalidIcsMessage(text: string): string {
  try {
    exceptionsFromIcs(text);
  } catch (error) {
    expect(error).toBeInstanceOf(IcsImportError);
    if (error instanceof IcsImportError) {
      expect(error.issues[0]?.code).toBe('invalid_ics');
      return error.detail;
    }
  }
  throw new Error('expected the file to be refused');
}

describe('exceptionsFromIcs on a Dutch holiday calendar', () => {
  const result = exceptionsFromIcs(fixture, { timeZone: 'Europe/Amsterdam' });
  const named = (name: string) => result.exceptions.filter((e) => e.name === name);

  it('turns all-day events into closed dates and date ranges (DTEND exclusive)', () => {
    expect(named('Koningsdag')).toEqual([
      { kind: 'date', name: 'Koningsdag', state: 'closed', date: '2026-04-27' },
      { kind: 'date', name: 'Koningsdag', state: 'closed', date: '2027-04-27' },
    ]);
    expect(named('Pasen')[0]).toEqual({ kind: 'dateRange', name: 'Pasen', state: 'closed', from: '2026-04-05', to: '2026-04-06' });
    expect(named('Kerstsluiting')).toEqual([{ kind: 'dateRange', name: 'Kerstsluiting', state: 'closed', from: '2026-12-28', to: '2026-12-30' }]);
  });

  it('turns recurring all-day events into RRULE exceptions from their DTSTART', () => {
    expect(named('Nieuwjaarsdag')).toEqual([
      { kind: 'rrule', name: 'Nieuwjaarsdag', state: 'closed', rrule: 'FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1', start: '2026-01-01' },
    ]);
    // No DTEND: one day (RFC 5545 §3.6.1).
    expect(named('Bedrijfsuitje')).toEqual([{ kind: 'rrule', name: 'Bedrijfsuitje', state: 'closed', rrule: 'FREQ=YEARLY;BYMONTH=10;BYDAY=1FR', start: '2026-10-02' }]);
  });

  it('turns a timed event into closed hours on its local date', () => {
    expect(named('Teamoverleg (telefoon dicht)')).toEqual([
      { kind: 'date', name: 'Teamoverleg (telefoon dicht)', state: 'closed', date: '2026-12-23', hours: [{ from: '12:00', to: '13:30' }] },
    ]);
  });

  it('skips the cancelled event, saying why', () => {
    expect(result.exceptions).toHaveLength(17);
    expect(result.skipped).toEqual([{ index: 12, reason: 'cancelled (STATUS:CANCELLED)' }]);
  });

  it('gives a schedule that closes on those days, in later years too', () => {
    const office = scheduleFromInput({
      name: 'Office',
      timeZone: 'Europe/Amsterdam',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '17:30' }]])),
      exceptions: result.exceptions,
    });
    const state = (iso: string) => scheduleStateAt(office, Date.parse(iso));
    expect(state('2027-04-27T10:00:00Z').reason).toBe('closed: 2027-04-27 is holiday "Koningsdag"');
    expect(state('2028-12-25T10:00:00Z').reason).toBe('closed: 2028-12-25 is holiday "Eerste Kerstdag"');
    expect(state('2027-10-01T10:00:00Z').reason).toBe('closed: 2027-10-01 is holiday "Bedrijfsuitje"'); // first Friday of October
    expect(state('2027-10-08T10:00:00Z').open).toBe(true);
    expect(state('2026-12-23T11:15:00Z').reason).toBe('closed: 2026-12-23 12:00–13:30 is closed for "Teamoverleg (telefoon dicht)"');
    expect(state('2026-12-23T12:30:00Z').open).toBe(true);
  });
});

describe('exceptionsFromIcs on single events', () => {
  it('reads a DURATION of several days as a date range', () => {
    const { exceptions } = exceptionsFromIcs(calendar(['DTSTART;VALUE=DATE:20260803', 'DURATION:P5D', 'SUMMARY:Summer break']));
    expect(exceptions).toEqual([{ kind: 'dateRange', name: 'Summer break', state: 'closed', from: '2026-08-03', to: '2026-08-07' }]);
  });

  it('names an event without a SUMMARY', () => {
    const { exceptions } = exceptionsFromIcs(calendar(['DTSTART;VALUE=DATE:20260803']));
    expect(exceptions[0]?.name).toBe('Untitled event');
  });

  it('skips timed events without the schedule\'s time zone', () => {
    const { exceptions, skipped } = exceptionsFromIcs(calendar(['DTSTART:20261223T110000Z', 'DTEND:20261223T120000Z', 'SUMMARY:Meeting']));
    expect(exceptions).toEqual([]);
    expect(skipped[0]?.reason).toMatch(/time zone/);
  });

  it('places a timed event in the schedule\'s zone: UTC, its own TZID, or floating', () => {
    const text = calendar(
      ['DTSTART:20261223T170000Z', 'DTEND:20261223T180000Z', 'SUMMARY:UTC'],
      ['DTSTART;TZID=Europe/Amsterdam:20261223T230000', 'DURATION:PT30M', 'SUMMARY:Amsterdam'],
      ['DTSTART:20261223T090000', 'DTEND:20261223T091500', 'SUMMARY:Floating'],
    );
    const { exceptions } = exceptionsFromIcs(text, { timeZone: 'America/New_York' });
    expect(exceptions.map((e) => [e.name, e.kind === 'date' ? e.date : '', e.hours])).toEqual([
      ['UTC', '2026-12-23', [{ from: '12:00', to: '13:00' }]],
      ['Amsterdam', '2026-12-23', [{ from: '17:00', to: '17:30' }]],
      ['Floating', '2026-12-23', [{ from: '09:00', to: '09:15' }]],
    ]);
  });

  it('skips what an exception cannot hold, with the reason', () => {
    const text = calendar(
      ['DTSTART:20261223T220000Z', 'DTEND:20261224T020000Z', 'SUMMARY:Overnight'],
      ['DTSTART:20261223T090000Z', 'DTEND:20261223T100000Z', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Weekly meeting'],
      ['DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY', 'EXDATE;VALUE=DATE:20270101', 'SUMMARY:New year'],
      ['DTSTART;VALUE=DATE:20260102', 'RECURRENCE-ID;VALUE=DATE:20260101', 'SUMMARY:Moved'],
      ['DTSTART;VALUE=DATE:20260101', 'DTEND;VALUE=DATE:20260103', 'RRULE:FREQ=YEARLY', 'SUMMARY:Two days'],
      ['DTSTART;TZID=Mars/Olympus:20261223T090000', 'DTEND;TZID=Mars/Olympus:20261223T100000', 'SUMMARY:Elsewhere'],
      ['DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=HOURLY', 'SUMMARY:Hourly'],
      ['SUMMARY:No start'],
    );
    const { exceptions, skipped } = exceptionsFromIcs(text, { timeZone: 'Europe/Amsterdam' });
    expect(exceptions).toEqual([]);
    expect(skipped.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const reasons = skipped.map((s) => s.reason);
    expect(reasons[0]).toBe('spans more than one day in Europe/Amsterdam');
    expect(reasons[1]).toMatch(/recurring timed event/);
    expect(reasons[2]).toMatch(/EXDATE/);
    expect(reasons[3]).toMatch(/RECURRENCE-ID/);
    expect(reasons[4]).toMatch(/several days/);
    expect(reasons[5]).toMatch(/Mars\/Olympus/);
    expect(reasons[6]).toMatch(/rrule must repeat DAILY, WEEKLY, MONTHLY or YEARLY/);
    expect(reasons[7]).toBe('has no DTSTART');
  });

  it('stops at the most exceptions a schedule holds', () => {
    const events = Array.from({ length: 4 }, (_, i) => [`DTSTART;VALUE=DATE:2026080${i + 1}`, `SUMMARY:Day ${i}`]);
    const { exceptions, skipped } = exceptionsFromIcs(calendar(...events), { maxExceptions: 3 });
    expect(exceptions).toHaveLength(3);
    expect(skipped).toEqual([{ index: 3, reason: 'more than 3 exceptions: a schedule holds at most that many' }]);
  });
});

describe('exceptionsFromIcs refuses files that are not iCalendar', () => {
  it('text that is not iCalendar at all', () => {
    expect(invalidIcsMessage('<html><body>Holidays</body></html>')).toMatch(/^not iCalendar/);
    expect(invalidIcsMessage('')).toMatch(/^empty/);
  });

  it('a component that never ends', () => {
    expect(invalidIcsMessage('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261224\r\nEND:VCALENDAR\r\n')).toMatch(/^not iCalendar/);
  });

  it('a file of something other than a calendar', () => {
    expect(invalidIcsMessage('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna\r\nEND:VCARD\r\n')).toMatch(/BEGIN:VCARD/);
  });

  it('a DTSTART that is not a date, naming the event', () => {
    expect(invalidIcsMessage(calendar(['DTSTART:tomorrow', 'SUMMARY:Party']))).toMatch(/^event 0 \("Party"\): DTSTART .*tomo/);
    expect(invalidIcsMessage(calendar(['DTSTART;VALUE=DATE:20260230', 'SUMMARY:Nope']))).toMatch(/DTSTART .* not a date that exists/);
  });
});
