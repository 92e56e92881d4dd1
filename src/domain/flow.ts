import type { CallFilter } from './call-filter.ts';
import type { Destination } from './destination.ts';
import type { NumberId, QueueId, RosterId, ScheduleId } from './ids.ts';

/**
 * A number's flow: what happens to a call to it, in order: the number's own call filter (after the
 * organization's), then the schedule rules — the first that holds sends the call to its target — and
 * otherwise `target`. Stored as one JSON document per number.
 */
export interface Flow {
  /** The number's own call filter; a `reroute` action's target is a `Target`. */
  readonly filter?: CallFilter;
  readonly rules?: readonly FlowRule[];
  readonly target: Target;
}

/** "When schedule S is open (or closed), send the call to this target." */
export interface FlowRule {
  readonly name?: string;
  readonly scheduleId: ScheduleId;
  readonly when: 'open' | 'closed';
  readonly target: Target;
}

/** How many schedule rules a flow may have. */
export const maxFlowRules = 20;

/**
 * What a call is sent to. Targets nest: a ring's `noAnswer`, a menu's keys, an announcement's `then`
 * and a queue's `overflow` are targets themselves.
 */
export type Target = RingTarget | HangupTarget | NumberTarget | MenuTarget | AnnouncementTarget | QueueTarget;

/** "Do what that number does": the call continues in another number's flow (its filter, rules and target). */
export interface NumberTarget {
  readonly type: 'number';
  readonly numberId: NumberId;
}

export type TargetType = Target['type'];

export type RingStrategy = 'simultaneous' | 'sequential' | 'custom';

/**
 * Ring destinations. The three strategies are presets of one model: each destination has a start
 * delay and a ring time. `simultaneous`: all start at 0. `sequential`: each starts when the one
 * before it has finished. `custom`: each starts at its own `delaySeconds`, earlier ones still ringing.
 */
export interface RingTarget {
  readonly type: 'ring';
  readonly strategy: RingStrategy;
  readonly destinations: readonly RingDestination[];
  /** Where the call goes when nobody answers. */
  readonly noAnswer: Target;
  /** Played to whoever answers, before the caller is put through. */
  readonly whisper?: Whisper;
}

/** A roster in a ring: whoever is on call when the ring starts is rung. */
export interface RosterRef {
  readonly kind: 'roster';
  readonly rosterId: RosterId;
}

/** What a ring destination rings: a phone number or SIP URI, or whoever a roster has on call. */
export type RingTo = Destination | RosterRef;

export interface RingDestination {
  readonly to: RingTo;
  readonly label?: string;
  /** Seconds after the ring step starts that this destination starts ringing (custom only). */
  readonly delaySeconds: number;
  /** Seconds this destination rings before it counts as not answered. */
  readonly ringSeconds: number;
}

/** Why the call is ended; call control turns this into a SIP final response or a BYE. */
export type HangupReason = 'unavailable' | 'busy' | 'declined';

export interface HangupTarget {
  readonly type: 'hangup';
  readonly reason: HangupReason;
}

/**
 * Something the caller hears. Text for now (spoken by text-to-speech once ringroute plays audio);
 * recorded audio joins this type with the media work.
 */
export interface Prompt {
  readonly text: string;
}

/** The longest prompt text accepted, in characters. */
export const maxPromptLength = 1000;

/** Answer the caller, play a prompt, then go on to `then` (for example: "we are closed", then hang up). */
export interface AnnouncementTarget {
  readonly type: 'announcement';
  readonly prompt: Prompt;
  readonly then: Target;
}

/** The keys of a phone's keypad a menu listens to. */
export const menuKeys = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;
export type MenuKey = (typeof menuKeys)[number];

/** "Press 1 for sales, 2 for support": answer the caller, play the prompt, act on the key pressed. */
export interface MenuTarget {
  readonly type: 'menu';
  readonly prompt: Prompt;
  /** Each key the menu offers, in the order given (a key at most once). */
  readonly options: readonly MenuOption[];
  /** Seconds to wait for a key after the prompt ends (1–60). */
  readonly timeoutSeconds: number;
  /** How many more times the prompt is played after an invalid key or silence (0–3). */
  readonly retries: number;
  /** Played (then the prompt again) after a key the menu does not offer. */
  readonly invalidPrompt: Prompt;
  /** Played (then the prompt again) when no key was pressed in time. */
  readonly timeoutPrompt: Prompt;
  /** Where the call goes when the retries have run out. */
  readonly exhausted: Target;
  /** Extensions a caller may dial directly instead of choosing a key (2–10 digits each). */
  readonly extensions: readonly MenuExtension[];
}

export interface MenuOption {
  readonly key: MenuKey;
  readonly target: Target;
}

export interface MenuExtension {
  /**
   * 2 to 10 digits, unlike every other extension of the menu. It may start with a key that is also an
   * option: the caller's keys are collected until `#`, the longest extension's length or a pause, so
   * `1` alone picks the option and `101` the extension.
   */
  readonly extension: string;
  readonly label?: string;
  readonly target: Target;
}

export const menuDefaults = {
  timeoutSeconds: 10,
  minTimeoutSeconds: 1,
  maxTimeoutSeconds: 60,
  retries: 3,
  maxRetries: 3,
  invalidPrompt: { text: 'Sorry, that is not a valid choice.' },
  timeoutPrompt: { text: 'Sorry, we did not hear your choice.' },
  minExtensionDigits: 2,
  maxExtensionDigits: 10,
  maxExtensions: 100,
} as const;

/** Wait in a queue (`/v1/queues`) for one of its members; `overflow` when it is full or the wait too long. */
export interface QueueTarget {
  readonly type: 'queue';
  readonly queueId: QueueId;
  /** Where the call goes when the queue is full, nobody can take calls (if so configured), or the wait is over. */
  readonly overflow: Target;
  /** Played to the member who answers, before the caller is put through. */
  readonly whisper?: Whisper;
}

/**
 * An announcement to whoever answers, before the caller is connected: "Call for Sales". `{label}` is
 * the dialled number's label, `{dialledNumber}` the number the caller dialled, `{caller}` the caller's
 * number. With `requireAccept`, the person must press 1 to take the call, so a mobile's voicemail
 * cannot: the call then goes on as if they had not answered.
 */
export interface Whisper {
  readonly template: string;
  readonly requireAccept: boolean;
}

/** The placeholders a whisper template may use. */
export const whisperPlaceholders = ['label', 'dialledNumber', 'caller'] as const;
export type WhisperPlaceholder = (typeof whisperPlaceholders)[number];

export const whisperDefaults = {
  template: 'Call for {label}',
  maxTemplateLength: 200,
  /** The key that accepts a whispered call, and how long the person has to press it. */
  acceptKey: '1',
  acceptSeconds: 10,
} as const;

export const ringDefaults = {
  ringSeconds: 20,
  minRingSeconds: 1,
  maxRingSeconds: 600,
  maxDelaySeconds: 3600,
} as const;

/** Deepest nesting of targets accepted (a ring whose noAnswer is a ring whose noAnswer is ...). */
export const maxTargetDepth = 16;

export const defaultNoAnswer: HangupTarget = { type: 'hangup', reason: 'unavailable' };

/** The flow of a number that has no destinations yet: the caller hears that nobody is available. */
export const emptyFlow: Flow = { target: defaultNoAnswer };
