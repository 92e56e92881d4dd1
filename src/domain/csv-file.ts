import { CsvError, parse } from 'csv-parse/sync';

/**
 * Reading an uploaded CSV file (RFC 4180): fields quoted with `"` may hold commas, quotes (doubled)
 * and line breaks; UTF-8 with or without a byte order mark; lines ended by CRLF or LF. Each row keeps
 * the line it starts on in the file, so errors point where a person looks in an editor.
 */

export interface CsvRow {
  /** 1-based line of the file the row starts on (the header is line 1 when the file starts with it). */
  readonly line: number;
  readonly fields: readonly string[];
}

export type CsvRead =
  | { readonly ok: true; readonly header: readonly string[]; readonly rows: readonly CsvRow[] }
  | { readonly ok: false; readonly message: string };

export function readCsv(text: string): CsvRead {
  // CRLF → LF first, so a file mixing both (edited in two programs) still reads as one kind. A CR LF
  // inside a quoted field becomes LF, which no field of ours may hold anyway (names are one line).
  const normalized = (text.startsWith('\uFEFF') ? text.slice(1) : text).replace(/\r\n/g, '\n');
  let records: string[][];
  try {
    // Empty lines are kept as records (of one empty field) so every line of the file is counted; they
    // are dropped below. Counting ourselves is half the cost of the parser's own `info` per record.
    records = parse(normalized, { relax_column_count: true });
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, message: `The file is not valid CSV: ${error.message}` };
    throw error;
  }
  const rows: CsvRow[] = [];
  let line = 1;
  for (const fields of records) {
    rows.push({ line, fields });
    // A record takes one line plus the line breaks inside its quoted fields.
    line += 1;
    for (const field of fields) for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) line++;
  }
  const [first, ...rest] = rows;
  if (!first || first.fields.every((f) => f.trim().length === 0)) return { ok: false, message: 'The file is empty or starts with an empty line: it needs a header line first' };
  // A row of empty fields only (",,,,,," as spreadsheets save a blank line) is no row.
  return { ok: true, header: first.fields.map((f) => f.trim()), rows: rest.filter((r) => r.fields.some((f) => f.trim().length > 0)) };
}

/** Only the header line of a file that `readCsv` accepted before (for errors.csv). */
export function readCsvHeader(text: string): readonly string[] {
  const normalized = (text.startsWith('\uFEFF') ? text.slice(1) : text).replace(/\r\n/g, '\n');
  try {
    const [header] = parse(normalized, { to: 1, relax_column_count: true, skip_empty_lines: true }) as string[][];
    return (header ?? []).map((f) => f.trim());
  } catch {
    return [];
  }
}
