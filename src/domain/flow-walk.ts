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

/** Every `number` target in a flow, with the JSON pointer of where it stands (following `noAnswer` chains). */
export function numberReferences(flow: Flow): { pointer: string; numberId: string }[] {
  const found: { pointer: string; numberId: string }[] = [];
  const walk = (target: Target, at: string): void => {
    if (target.type === 'number') found.push({ pointer: at, numberId: target.numberId });
    else if (target.type === 'ring') walk(target.noAnswer, `${at}/noAnswer`);
  };
  for (const root of flowRoots(flow)) walk(root.target, root.pointer);
  return found;
}
