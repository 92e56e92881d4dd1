import type { IssueCollector } from './errors.ts';
import {
  defaultNoAnswer,
  maxPromptLength,
  menuDefaults,
  menuKeys,
  whisperDefaults,
  whisperPlaceholders,
  type MenuExtension,
  type MenuKey,
  type MenuOption,
  type MenuTarget,
  type Prompt,
  type Target,
  type Whisper,
} from './flow.ts';

/*
 * The parts of a flow a caller or an answering person hears: prompts, menus and whispers, as people
 * write them. The targets nested in a menu are read by the caller's reader (ring-input.ts), which
 * knows the nesting depth; this file only says where they stand.
 */

/** Text to speak: a plain string, or `{"text": …}` (the form the API returns). */
export type PromptInput = string | { readonly text: string };

/** A whisper: the template alone, or `{"template"?, "requireAccept"?}`. */
export type WhisperInput = string | { readonly template?: string; readonly requireAccept?: boolean };

/** A menu as written; `T` is the target input type (menus nest targets, targets nest menus). */
export interface MenuInput<T> {
  readonly prompt: PromptInput;
  readonly options?: readonly { readonly key: string; readonly target: T }[];
  readonly timeoutSeconds?: number;
  readonly retries?: number;
  readonly invalidPrompt?: PromptInput;
  readonly timeoutPrompt?: PromptInput;
  readonly exhausted?: T;
  readonly extensions?: readonly { readonly extension: string; readonly label?: string; readonly target: T }[];
}

/** Reads a target nested in a menu, found at `field` (undefined when the person left it out). */
export type NestedTargetReader = (value: unknown, field: string) => Target;

/**
 * A menu. An extension may begin with a digit that is also an option key (key 2 for support, extension
 * 201 for Anna): the caller's digits are collected until `#`, the longest extension's length, or a pause,
 * so a lone 2 still chooses the key and 2-0-1 dials the extension. Refusing such extensions would rule
 * out the common "press 2, or dial the extension you know" menus.
 */
export function readMenu<T>(input: MenuInput<T>, at: string, issues: IssueCollector, readNested: NestedTargetReader): MenuTarget {
  const prompt = readPrompt(input.prompt, `${at}/prompt`, issues);
  const options: MenuOption[] = [];
  const keys = new Map<string, number>();
  const optionList = listAt(input.options, `${at}/options`, issues);
  optionList.forEach((raw, i) => {
    const field = `${at}/options/${i}`;
    const key: unknown = raw.key;
    if (typeof key !== 'string' || !isMenuKey(key)) {
      issues.add(`${field}/key`, key === undefined ? 'required' : 'invalid_key', `must be one key of the keypad: ${menuKeys.join(' ')}`);
    } else if (keys.has(key)) {
      issues.add(`${field}/key`, 'duplicate_key', `key ${key} is already ${at}/options/${keys.get(key)}`);
    } else {
      keys.set(key, i);
    }
    const target = readNested(raw.target, `${field}/target`);
    if (typeof key === 'string' && isMenuKey(key)) options.push({ key, target });
  });
  const extensions: MenuExtension[] = [];
  const seen = new Map<string, number>();
  const extensionList = listAt(input.extensions, `${at}/extensions`, issues);
  if (extensionList.length > menuDefaults.maxExtensions) {
    issues.add(`${at}/extensions`, 'too_many', `may hold at most ${menuDefaults.maxExtensions} extensions`);
  }
  extensionList.forEach((raw, i) => {
    const field = `${at}/extensions/${i}`;
    const extension: unknown = raw.extension;
    const { minExtensionDigits: min, maxExtensionDigits: max } = menuDefaults;
    if (typeof extension !== 'string' || !new RegExp(`^[0-9]{${min},${max}}$`).test(extension)) {
      issues.add(`${field}/extension`, extension === undefined ? 'required' : 'invalid_extension', `must be ${min} to ${max} digits`);
    } else if (seen.has(extension)) {
      issues.add(`${field}/extension`, 'duplicate_extension', `is already ${at}/extensions/${seen.get(extension)}`);
    } else {
      seen.set(extension, i);
    }
    const label = readLabel(raw.label, `${field}/label`, issues);
    const target = readNested(raw.target, `${field}/target`);
    if (typeof extension === 'string') extensions.push({ extension, ...(label !== undefined ? { label } : {}), target });
  });
  if (optionList.length === 0 && extensionList.length === 0) {
    issues.add(`${at}/options`, 'empty_menu', 'a menu needs at least one option or extension');
  }
  const timeoutSeconds = readWhole(input.timeoutSeconds, `${at}/timeoutSeconds`, menuDefaults.timeoutSeconds, menuDefaults.minTimeoutSeconds, menuDefaults.maxTimeoutSeconds, issues);
  const retries = readWhole(input.retries, `${at}/retries`, menuDefaults.retries, 0, menuDefaults.maxRetries, issues);
  const invalidPrompt = input.invalidPrompt === undefined ? menuDefaults.invalidPrompt : readPrompt(input.invalidPrompt, `${at}/invalidPrompt`, issues);
  const timeoutPrompt = input.timeoutPrompt === undefined ? menuDefaults.timeoutPrompt : readPrompt(input.timeoutPrompt, `${at}/timeoutPrompt`, issues);
  const exhausted = input.exhausted === undefined ? defaultNoAnswer : readNested(input.exhausted, `${at}/exhausted`);
  return { type: 'menu', prompt, options, timeoutSeconds, retries, invalidPrompt, timeoutPrompt, exhausted, extensions };
}

function isMenuKey(key: string): key is MenuKey {
  return (menuKeys as readonly string[]).includes(key);
}

/** The objects of an optional list (absent: none); anything else is an issue at `field`. */
function listAt(value: unknown, field: string, issues: IssueCollector): Readonly<Record<string, unknown>>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add(field, 'invalid_type', 'must be a list');
    return [];
  }
  return value.flatMap((item: unknown, i) => {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) return [item as Readonly<Record<string, unknown>>];
    issues.add(`${field}/${i}`, 'invalid_type', 'must be an object');
    return [];
  });
}

function readWhole(value: unknown, field: string, fallback: number, min: number, max: number, issues: IssueCollector): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.add(field, 'out_of_range', `must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function readLabel(value: unknown, field: string, issues: IssueCollector): string | undefined {
  if (value === undefined) return undefined;
  const label = typeof value === 'string' ? value.trim() : '';
  if (label.length === 0 || label.length > 100 || /\p{Cc}/u.test(label)) {
    issues.add(field, 'invalid_label', 'must be 1 to 100 characters without control characters');
    return undefined;
  }
  return label;
}

/** Prompt text: `"…"` or `{"text": "…"}`, trimmed, 1 to maxPromptLength characters, no control characters. */
export function readPrompt(value: unknown, field: string, issues: IssueCollector): Prompt {
  const isObject = typeof value === 'object' && value !== null;
  const raw: unknown = isObject ? (value as { text?: unknown }).text : value;
  const at = isObject ? `${field}/text` : field;
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (value === undefined) {
    issues.add(field, 'required', 'is required: the text the caller hears');
  } else if (text.length === 0 || text.length > maxPromptLength || /\p{Cc}/u.test(text)) {
    issues.add(at, 'invalid_prompt', `must be 1 to ${maxPromptLength} characters of text to speak, without control characters`);
  }
  return { text };
}

/**
 * A whisper: `"Call for {label}"` or `{"template"?, "requireAccept"?}`. Every `{name}` must be one of
 * whisperPlaceholders, so a typo is refused when saved rather than spoken to the person who answers.
 */
export function readWhisper(value: unknown, field: string, issues: IssueCollector): Whisper {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject && typeof value !== 'string') {
    issues.add(field, 'invalid_type', 'must be a template such as "Call for {label}" or {"template", "requireAccept"}');
    return { template: whisperDefaults.template, requireAccept: false };
  }
  const fields = isObject ? (value as { template?: unknown; requireAccept?: unknown }) : { template: value };
  const at = isObject ? `${field}/template` : field;
  const template = fields.template === undefined ? whisperDefaults.template : typeof fields.template === 'string' ? fields.template.trim() : '';
  const max = whisperDefaults.maxTemplateLength;
  if (template.length === 0 || template.length > max || /\p{Cc}/u.test(template)) {
    issues.add(at, 'invalid_whisper', `must be 1 to ${max} characters without control characters`);
  } else {
    for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
      const name = match[1] ?? '';
      if (!(whisperPlaceholders as readonly string[]).includes(name)) {
        issues.add(at, 'unknown_placeholder', `{${name}} is not a placeholder; use ${whisperPlaceholders.map((p) => `{${p}}`).join(', ')}`);
      }
    }
    if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ''))) issues.add(at, 'invalid_whisper', 'has a brace that opens or closes no placeholder');
  }
  const requireAccept = fields.requireAccept ?? false;
  if (typeof requireAccept !== 'boolean') issues.add(`${field}/requireAccept`, 'invalid_type', 'must be true or false');
  return { template, requireAccept: requireAccept === true };
}
