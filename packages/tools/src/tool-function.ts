import type { Parameters } from '@switchboard/contracts/tools';

/** What the model sees of a function: its name, what it does, and its arguments as inline JSON Schema. */
export interface ToolFunctionDefinition {
  name: string;
  description: string;
  parameters: Parameters;
  /**
   * Whether calling it changes something outside the conversation (a booking, a POST). Such a call runs to
   * its end even when the caller interrupts the turn (a half-done write retried by the model happens twice);
   * only its own timeout bounds it. Read-only functions are cancelled by the interruption.
   */
  mutates: boolean;
  /**
   * Offered to the model on phone calls only (transfer_call: a web or chat caller cannot be transferred, and
   * offering it there would end their call instead).
   */
  phoneOnly?: boolean;
}

/**
 * A function ready to call: the voice worker wraps it as an `llm.tool`, the dashboard's "test a function"
 * runs it through a job. `execute` resolves to a JSON-serialisable result for the model, or throws a
 * ToolCallError whose message the model can read and act on. It must honour `signal`.
 */
export interface ReadyToolFunction extends ToolFunctionDefinition {
  execute(args: unknown, signal: AbortSignal): Promise<unknown>;
}

/**
 * A failure the model should hear about verbatim ("the date must be in the future", "the service answered
 * 404 …"). Messages never contain secrets. Any other error is a bug and is reported to the model vaguely.
 */
export class ToolCallError extends Error {
  override name = 'ToolCallError';
}
