import { setTimeout as delay } from 'node:timers/promises';
import type { AgentPhoneSettings } from '@switchboard/contracts/agents';
import { ToolCallError, type ToolFunctionDefinition } from '@switchboard/tools/tool-function';
import type { CallSession } from './call-session.ts';
import type { WrappableFunction } from './wrap-tools.ts';

/** Where the agent's key presses go: the room's local participant, which LiveKit SIP turns into RFC 4733 tones. */
export interface Keypad {
  press(code: number, digit: string): Promise<void>;
}

/** The keys of a telephone keypad, and A–D, as DTMF events. */
const DTMF_KEYS = /^[0-9*#A-D]+$/;

/** LiveKit's DTMF code of a key (0–9, * = 10, # = 11, A–D = 12–15), as its own send_dtmf_events tool. */
export function dtmfCode(key: string): number {
  if (/^\d$/.test(key)) return Number(key);
  if (key === '*') return 10;
  if (key === '#') return 11;
  return key.charCodeAt(0) - 'A'.charCodeAt(0) + 12;
}

/** Pause between two keys, so the far end's menu hears separate tones (the SDK's tool waits the same). */
export const DTMF_PAUSE_MS = 300;

export const SEND_DTMF: ToolFunctionDefinition = {
  name: 'send_dtmf',
  description:
    'Press keys on the phone keypad, e.g. to choose an option in an automated phone menu (IVR) or enter an extension. Use only when a phone menu asks for keys.',
  parameters: {
    type: 'object',
    properties: {
      digits: {
        type: 'string',
        description: 'The keys to press in order: 0-9, * and #, e.g. "2" or "1234#"',
      },
    },
    required: ['digits'],
  },
  // Tones already sent cannot be taken back; a half-sent sequence must not be resent by the model.
  mutates: true,
};

export const DETECTED_ANSWERING_MACHINE: ToolFunctionDefinition = {
  name: 'detected_answering_machine',
  description:
    'Call this as soon as you hear an answering machine or voicemail greeting instead of a person (a recorded message, "leave a message after the tone"). Do not call it for a person.',
  parameters: { type: 'object', properties: {} },
  mutates: false,
};

/** The instruction for a voicemail message: one line, "instructions:" first like the greeting. */
export function voicemailInstructions(message: string): string {
  return `instructions: you reached an answering machine; after the tone leave exactly this message, word for word, and nothing else: "${message}"`;
}

export interface PhoneFunctionsOptions {
  call: () => CallSession | undefined;
  /** Present when the agent may press keys (phone calls). */
  keypad?: Keypad | undefined;
  /** Present on outbound calls: what to do with an answering machine, message already filled in. */
  voicemail?: AgentPhoneSettings['voicemail'] | undefined;
  pauseMs?: number;
}

/**
 * The functions only a phone line has, offered next to the agent's own: send_dtmf on every phone call,
 * detected_answering_machine on outbound ones (LiveKit's outbound-caller pattern: the model recognizes the
 * machine's greeting). Both are recorded like any tool call.
 */
export function phoneFunctions({
  call,
  keypad,
  voicemail,
  pauseMs = DTMF_PAUSE_MS,
}: PhoneFunctionsOptions): WrappableFunction[] {
  const functions: WrappableFunction[] = [];
  if (keypad) {
    functions.push({
      ...SEND_DTMF,
      async execute(args) {
        const digits = String((args as { digits: string }).digits).replace(/\s+/g, '');
        if (!DTMF_KEYS.test(digits)) {
          throw new ToolCallError('digits may contain only 0-9, *, # and A-D, e.g. "1" or "1234#"');
        }
        for (const [index, key] of [...digits].entries()) {
          if (index > 0) await delay(pauseMs);
          await keypad.press(dtmfCode(key), key);
        }
        return { ok: true, pressed: digits };
      },
    });
  }
  if (voicemail) {
    functions.push({
      ...DETECTED_ANSWERING_MACHINE,
      async execute() {
        const session = call();
        if (!session) return { ok: true };
        if (voicemail.action === 'leave_message' && voicemail.message) {
          session.end('voicemail', { goodbyeInstructions: voicemailInstructions(voicemail.message) });
        } else {
          session.end('voicemail');
        }
        return { ok: true };
      },
    });
  }
  return functions;
}
