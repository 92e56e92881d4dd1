import { cellOf, columnName, type CsvColumnMap, type VirtualExtensionCsvColumn } from '../../domain/csv-virtual-extension-columns.ts';
import type { CsvRow } from '../../domain/csv-file.ts';
import type { TaskRowError } from '../../domain/csv-import-task.ts';
import type { LocationId } from '../../domain/ids.ts';
import type { Country } from '../../domain/phone-number.ts';
import { virtualExtensionFromInput, type VirtualExtensionField, type VirtualExtensionSettings } from '../../domain/virtual-extension-input.ts';
import { foldText } from '../../store/virtual-extension-search.ts';

/**
 * One CSV row → the settings of a virtual extension, or its problems, each with its column. Only the
 * row itself is judged here; the dial plan's conflicts come after (virtual-extension-import.ts).
 */

export type RowReading = { readonly ok: true; readonly settings: VirtualExtensionSettings } | { readonly ok: false; readonly errors: readonly TaskRowError[] };

/** Locations by name, case and accents ignored, for the Location column. */
export class LocationNames {
  readonly #byName = new Map<string, LocationId[]>();

  constructor(locations: readonly { readonly id: LocationId; readonly name: string }[]) {
    for (const location of locations) {
      const key = foldText(location.name.trim());
      this.#byName.set(key, [...(this.#byName.get(key) ?? []), location.id]);
    }
  }

  find(name: string): readonly LocationId[] {
    return this.#byName.get(foldText(name.trim())) ?? [];
  }
}

const fieldColumns: Record<VirtualExtensionField, VirtualExtensionCsvColumn> = {
  displayName: 'Display Name',
  firstName: 'First Name',
  lastName: 'Last Name',
  extension: 'Extension',
  phoneNumber: 'Phone Number',
  locationId: 'Location',
};

/** The CSV column a JSON pointer of the dial plan's refusals is about. */
export function columnOfField(field: string): VirtualExtensionCsvColumn | null {
  const name = field.replace(/^\//, '');
  return name in fieldColumns ? fieldColumns[name as VirtualExtensionField] : null;
}

export function readVirtualExtensionRow(row: CsvRow, columns: CsvColumnMap, locations: LocationNames, country: Country | null): RowReading {
  const errors: TaskRowError[] = [];
  const cell = (column: VirtualExtensionCsvColumn) => cellOf(row.fields, columns, column);
  const fail = (column: VirtualExtensionCsvColumn, code: string, message: string) => errors.push({ line: row.line, column: columnName(columns, column), code, message });

  const levelText = cell('Level').toLowerCase();
  const locationName = cell('Location');
  let level: 'organization' | 'location' = locationName.length > 0 ? 'location' : 'organization';
  if (levelText === 'organization' || levelText === 'location') level = levelText;
  else if (levelText.length > 0) fail('Level', 'invalid_level', `must be Organization or Location, got ${JSON.stringify(cell('Level'))}`);

  let locationId: LocationId | null = null;
  if (level === 'location') {
    if (locationName.length === 0) {
      fail('Location', 'required', 'is required for Level Location: the name of one of your locations');
    } else {
      const found = locations.find(locationName);
      if (found.length === 1) locationId = found[0] ?? null;
      else if (found.length === 0) fail('Location', 'unknown_location', `${JSON.stringify(locationName)} is not the name of one of your locations`);
      else fail('Location', 'ambiguous_location', `${found.length} locations are named ${JSON.stringify(locationName)}: rename one`);
    }
  } else if (locationName.length > 0) {
    fail('Location', 'location_at_organization_level', 'must be empty for Level Organization (dialled the same from every location)');
  }

  const optional = (column: VirtualExtensionCsvColumn) => (cell(column).length > 0 ? cell(column) : null);
  const read = virtualExtensionFromInput(
    {
      displayName: cell('Display Name'),
      firstName: optional('First Name'),
      lastName: optional('Last Name'),
      extension: cell('Extension'),
      phoneNumber: cell('Phone Number'),
      locationId,
    },
    country,
  );
  if (!read.ok) for (const issue of read.issues) fail(fieldColumns[issue.field], issue.code, issue.message);
  if (errors.length > 0 || !read.ok) return { ok: false, errors };
  return { ok: true, settings: read.settings };
}
