/** The counters the interop tests read from sipp's `-trace_stat` CSV (cumulative columns, "(C)"). */
export interface SippStats {
  readonly successfulCalls: number;
  readonly failedCalls: number;
  /** Messages sipp sent again because no answer came in time (RFC 3261 §17.1.1.2, §17.1.2.2). */
  readonly retransmissions: number;
  readonly outgoingCalls: number;
  readonly incomingCalls: number;
  /** Seconds sipp ran, from ElapsedTime(C) ("HH:MM:SS" or with a ":micros" part). */
  readonly elapsedSeconds: number;
}

/**
 * Reads the last row of a sipp statistics file: a ";"-separated header line, then one row per
 * dump period; the final row holds the totals at exit. Returns undefined when the file has no row.
 */
export function parseSippStats(csv: string): SippStats | undefined {
  const lines = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]?.split(';');
  const last = lines.length > 1 ? lines[lines.length - 1]?.split(';') : undefined;
  if (!header || !last) return undefined;
  const column = (name: string): string => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`sipp statistics have no ${name} column`);
    return last[index] ?? '';
  };
  const count = (name: string): number => {
    const value = Number(column(name));
    if (!Number.isFinite(value)) throw new Error(`sipp statistic ${name} is not a number: ${column(name)}`);
    return value;
  };
  const [hours = 0, minutes = 0, seconds = 0, micros = 0] = column('ElapsedTime(C)').split(':').map(Number);
  return {
    successfulCalls: count('SuccessfulCall(C)'),
    failedCalls: count('FailedCall(C)'),
    retransmissions: count('Retransmissions(C)'),
    outgoingCalls: count('OutgoingCall(C)'),
    incomingCalls: count('IncomingCall(C)'),
    elapsedSeconds: hours * 3600 + minutes * 60 + seconds + micros / 1e6,
  };
}
