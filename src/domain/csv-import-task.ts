import type { OrganizationId, TaskId, TokenId } from './ids.ts';

/**
 * A task (DESIGN.md): a long-running job — today, importing a CSV file of virtual extensions. It is
 * stored with the uploaded text and a cursor, so a restart resumes where the last committed batch
 * ended instead of losing or doubling rows.
 */
export type TaskKind = 'virtual_extension_import';

export const taskStatuses = ['queued', 'running', 'completed', 'completed_with_errors', 'failed'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export interface TaskCounts {
  /** Data rows in the file (known once the file has been read; 0 before). */
  readonly total: number;
  /** Rows processed so far: succeeded + failed + unchanged. */
  readonly done: number;
  /** Rows that created or changed a virtual extension. */
  readonly succeeded: number;
  readonly failed: number;
  /** Rows equal to what is stored already: importing a file twice changes nothing the second time. */
  readonly unchanged: number;
}

export interface Task {
  readonly id: TaskId;
  readonly organizationId: OrganizationId;
  readonly kind: TaskKind;
  readonly status: TaskStatus;
  readonly fileName: string | null;
  readonly counts: TaskCounts;
  /** Why the whole task failed (missing columns, not CSV, a restart it could not survive); null otherwise. */
  readonly error: string | null;
  /** The token that uploaded the file; null for the command line. */
  readonly createdBy: TokenId | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly updatedAt: string;
}

/** One problem of one row: the line it starts on in the file (1 = the header), the column, a stable code. */
export interface TaskRowError {
  readonly line: number;
  /** The column as the file's header names it; null when the problem is the row as a whole. */
  readonly column: string | null;
  readonly code: string;
  readonly message: string;
}

/** A row that failed, as it was in the file (its fields in the file's column order) with its problems. */
export interface TaskFailedRow {
  readonly line: number;
  readonly fields: readonly string[];
  readonly errors: readonly TaskRowError[];
}

/** Rows per file at most. */
export const maxImportRows = 100_000;
