/** Why a TinyUac call did not complete. */
export type UacCallErrorCode = 'invite_failed' | 'invite_rejected' | 'bye_failed' | 'timeout';

/** A call placed by TinyUac failed; `code` is stable for tests to match on. */
export class UacCallError extends Error {
  constructor(
    readonly code: UacCallErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UacCallError';
  }
}
