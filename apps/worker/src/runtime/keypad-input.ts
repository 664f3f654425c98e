import type { voice } from '@livekit/agents';

/** How the caller's key presses read to the model: one user turn, "keypad:" first so it is plainly not speech. */
export function keypadText(keys: string): string {
  return `keypad: the caller pressed ${[...keys].join(' ')}`;
}

/** Keys typed within this gap of each other are one entry (an account number), sent as one turn. */
export const KEYPAD_GAP_MS = 1_500;

export interface KeypadInput {
  /** A key the caller pressed (LiveKit's SipDTMFReceived: 0-9, *, #). */
  press(key: string): void;
  /** Drops what is pending: the call is ending. */
  close(): void;
}

/**
 * Collects the caller's key presses into turns for the model: `#` ends an entry at once, otherwise a pause
 * of `gapMs` does. `deliver` puts the text before the model as the caller's input.
 */
export function createKeypadInput(
  deliver: (text: string) => void,
  { gapMs = KEYPAD_GAP_MS }: { gapMs?: number } = {},
): KeypadInput {
  let pending = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const keys = pending;
    pending = '';
    deliver(keypadText(keys));
  };
  return {
    press(key) {
      if (!/^[0-9*#A-D]$/.test(key)) return;
      pending += key;
      clearTimeout(timer);
      if (key === '#') flush();
      else {
        timer = setTimeout(flush, gapMs);
        timer.unref();
      }
    },
    close() {
      clearTimeout(timer);
      pending = '';
    },
  };
}

/** Puts the caller's keys before the model as their input, and has it answer (as a spoken turn would). */
export function deliverToSession(session: Pick<voice.AgentSession, 'generateReply'>): (text: string) => void {
  return (text) => {
    session.generateReply({ userInput: text });
  };
}
