import type { Flow, Target } from './flow.ts';

/** The root targets of a flow, with the JSON pointer of each: the default, each rule's, each filter reroute's. */
export function flowRoots(flow: Flow): { pointer: string; target: Target }[] {
  const roots = [{ pointer: '/target', target: flow.target }];
  (flow.rules ?? []).forEach((rule, i) => roots.push({ pointer: `/rules/${i}/target`, target: rule.target }));
  (flow.filter?.entries ?? []).forEach((entry, i) => {
    if (entry.action.kind === 'reroute') roots.push({ pointer: `/filter/entries/${i}/action/target`, target: entry.action.target as Target });
  });
  return roots;
}

/**
 * A target nested in another: `segment` names it in an engine path (`noAnswer`, `then`, `overflow`,
 * `exhausted`, `key.1`, `extension.201`), `pointer` in the JSON document (`/noAnswer`, `/options/0/target`).
 */
export interface ChildTarget {
  readonly segment: string;
  readonly pointer: string;
  readonly target: Target;
}

/** The targets directly inside `target`, in document order. */
export function childTargets(target: Target): ChildTarget[] {
  switch (target.type) {
    case 'ring':
      return [{ segment: 'noAnswer', pointer: '/noAnswer', target: target.noAnswer }];
    case 'announcement':
      return [{ segment: 'then', pointer: '/then', target: target.then }];
    case 'queue':
      return [{ segment: 'overflow', pointer: '/overflow', target: target.overflow }];
    case 'menu':
      return [
        ...target.options.map((option, i) => ({ segment: `key.${option.key}`, pointer: `/options/${i}/target`, target: option.target })),
        ...target.extensions.map((entry, i) => ({ segment: `extension.${entry.extension}`, pointer: `/extensions/${i}/target`, target: entry.target })),
        { segment: 'exhausted', pointer: '/exhausted', target: target.exhausted },
      ];
    case 'hangup':
    case 'number':
      return [];
  }
}

/** Every target of a flow, roots and nested, each once, with its JSON pointer. */
export function allTargets(flow: Flow): { pointer: string; target: Target }[] {
  const found: { pointer: string; target: Target }[] = [];
  const walk = (target: Target, at: string): void => {
    found.push({ pointer: at, target });
    for (const child of childTargets(target)) walk(child.target, `${at}${child.pointer}`);
  };
  for (const root of flowRoots(flow)) walk(root.target, root.pointer);
  return found;
}

/** Every `number` target in a flow, with the JSON pointer of where it stands. */
export function numberReferences(flow: Flow): { pointer: string; numberId: string }[] {
  return allTargets(flow).flatMap(({ pointer, target }) => (target.type === 'number' ? [{ pointer, numberId: target.numberId }] : []));
}

/** Every `queue` target in a flow, with the JSON pointer of where it stands. */
export function queueReferences(flow: Flow): { pointer: string; queueId: string }[] {
  return allTargets(flow).flatMap(({ pointer, target }) => (target.type === 'queue' ? [{ pointer, queueId: target.queueId }] : []));
}
