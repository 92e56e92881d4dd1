import type { VirtualExtensionView } from '../store/store.ts';
import type { Task } from '../domain/csv-import-task.ts';

/** Virtual extensions and tasks as the API shows them. */

export function presentVirtualExtension(v: VirtualExtensionView) {
  return {
    id: v.id,
    displayName: v.displayName,
    firstName: v.firstName,
    lastName: v.lastName,
    extension: v.extension,
    phoneNumber: v.phoneNumber,
    locationId: v.locationId,
    level: v.locationId === null ? ('organization' as const) : ('location' as const),
    // The ESN (DESIGN.md): routing prefix + extension at location level, the extension alone otherwise.
    esn: v.location ? v.location.routingPrefix + v.extension : v.extension,
    routingPrefix: v.location?.routingPrefix ?? null,
    locationName: v.location?.name ?? null,
    version: v.version,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

export function presentTask(task: Task) {
  return {
    id: task.id,
    kind: task.kind,
    status: task.status,
    fileName: task.fileName,
    rows: task.counts,
    error: task.error,
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
    updatedAt: task.updatedAt,
  };
}
