import type { Prompt } from '../domain/flow.ts';
import type { CallEvent } from './call-event.ts';
import type { MenuProgress } from './call-state.ts';
import { ruleName, type CompiledMenu, type TargetPathSegment } from './compiled-target.ts';
import { readableSeconds } from './readable-text.ts';
import type { PlayId } from './step.ts';
import type { TargetContext } from './target-context.ts';
import type { TargetOutcome } from './target-outcome.ts';

/** Seconds of quiet after a key that end an extension being typed. */
const interDigitSeconds = 3;

/** Answers the caller and plays the menu's prompt, listening for keys. */
export function beginMenu(context: TargetContext, menu: CompiledMenu, path: readonly TargetPathSegment[]): TargetOutcome<MenuProgress> {
  const rule = ruleName(path);
  context.answerCaller(rule);
  const playId = playMenu(context, menu, menu.prompt, rule, 0);
  return { kind: 'waiting', progress: { kind: 'menu', path, attempt: 0, playId } };
}

export function continueMenu(context: TargetContext, menu: CompiledMenu, progress: MenuProgress, event: CallEvent): TargetOutcome<MenuProgress> {
  const { builder } = context;
  const rule = ruleName(progress.path);
  if (event.type === 'callerHungUp') {
    builder.note('call.callerHungUp', 'The caller hung up in the menu.', { rule });
    return { kind: 'ended', legIds: [] };
  }
  if (event.type !== 'digits' || event.playId !== progress.playId) {
    builder.note('event.ignored', `Ignored "${event.type}": the menu waits for the caller's choice.`, { rule });
    return { kind: 'waiting', progress };
  }
  const digits = event.digits;
  const option = digits.length === 1 ? menu.options.find((o) => o.key === digits) : undefined;
  if (option) {
    builder.note('menu.chosen', `The caller pressed ${digits}.`, { rule, playId: event.playId });
    return { kind: 'goTo', segment: `key.${option.key}`, legIds: [] };
  }
  const extension = menu.extensions.find((entry) => entry.extension === digits);
  if (extension) {
    const who = extension.label ? ` (${extension.label})` : '';
    builder.note('menu.extension', `The caller dialled extension ${digits}${who}.`, { rule, playId: event.playId });
    return { kind: 'goTo', segment: `extension.${extension.extension}`, legIds: [] };
  }
  const tries = progress.attempt + 1;
  const left = menu.retries - progress.attempt;
  if (digits === '') {
    builder.note('menu.timeout', `No key was pressed within ${readableSeconds(menu.timeoutSeconds)} (try ${tries} of ${menu.retries + 1}).`, { rule, playId: event.playId });
  } else {
    builder.note('menu.invalid', `The caller pressed ${digits}, which this menu does not offer (try ${tries} of ${menu.retries + 1}).`, { rule, playId: event.playId });
  }
  if (left <= 0) {
    builder.note('menu.exhausted', 'No valid choice after every try: the call goes where the menu sends callers who do not choose.', { rule });
    return { kind: 'goTo', segment: 'exhausted', legIds: [] };
  }
  // The notice, then the whole prompt again, as one prompt: the caller may press a key during either.
  const notice = digits === '' ? menu.timeoutPrompt : menu.invalidPrompt;
  const again: Prompt = { text: `${notice.text} ${menu.prompt.text}` };
  const playId = playMenu(context, menu, again, rule, tries);
  return { kind: 'waiting', progress: { ...progress, attempt: tries, playId } };
}

function playMenu(context: TargetContext, menu: CompiledMenu, prompt: Prompt, rule: string, attempt: number): PlayId {
  const { builder } = context;
  const playId = builder.newPlayId();
  builder.step({ type: 'play', playId, prompt, collect: { maxDigits: menu.maxDigits, timeoutSeconds: menu.timeoutSeconds, interDigitSeconds } });
  const keys = menu.options.map((o) => o.key).join(', ');
  const extensions = menu.extensions.length > 0 ? `${keys ? ' or' : ''} an extension (${menu.extensions.map((e) => e.extension).join(', ')})` : '';
  const when = attempt === 0 ? 'The caller hears the menu' : `The caller hears the menu again (retry ${attempt} of ${menu.retries})`;
  builder.note('menu.prompt', `${when}: "${prompt.text}" — waiting up to ${readableSeconds(menu.timeoutSeconds)} for ${keys ? `a key (${keys})` : ''}${extensions}.`, {
    rule,
    playId,
  });
  return playId;
}
