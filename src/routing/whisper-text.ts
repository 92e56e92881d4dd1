import { whisperDefaults, type Whisper, type WhisperPlaceholder } from '../domain/flow.ts';
import type { LegId, WhisperStep } from './step.ts';

/** What a whisper template's placeholders stand for on one call. */
export type WhisperValues = Readonly<Record<WhisperPlaceholder, string>>;

/**
 * The whisper step for an answered leg: the template with its placeholders filled in (`{label}` →
 * `Sales`), and, when the person must accept, the key to press, said at the end.
 */
export function whisperStep(whisper: Whisper, legId: LegId, values: WhisperValues): WhisperStep {
  const said = whisper.template.replace(/\{(label|dialledNumber|caller)\}/g, (_, name: WhisperPlaceholder) => values[name]);
  if (!whisper.requireAccept) return { type: 'whisper', legId, text: said };
  return {
    type: 'whisper',
    legId,
    text: `${said.replace(/[.!?\s]+$/, '')}. Press ${whisperDefaults.acceptKey} to accept.`,
    accept: { key: whisperDefaults.acceptKey, timeoutSeconds: whisperDefaults.acceptSeconds },
  };
}
