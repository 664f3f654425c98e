import type { AgentConfig } from '@switchboard/contracts/agents';
import { type FieldUnit, inWords } from '../../../../../lib/field-errors';

/** What each section of the agent editor gets: the draft, a way to change it, its errors, read-only or not. */
export interface AgentSectionProps {
  draft: AgentConfig;
  update: (patch: Partial<AgentConfig>) => void;
  /** By editor field path (agentFieldErrors). */
  fieldErrors: Record<string, string>;
  disabled: boolean;
}

/** A field of the agent editor: its path in the agent's configuration, its name for people, its input. */
export type AgentField = { path: string; label: string; inputId: string; unit?: FieldUnit };

/** The editor's fields in page order: the Save bar lists problems in this order and focuses the first. */
export const AGENT_FIELDS: AgentField[] = [
  { path: 'name', label: 'Name', inputId: 'name' },
  { path: 'language', label: 'Language', inputId: 'language' },
  { path: 'greeting', label: 'Greeting', inputId: 'greeting' },
  { path: 'systemPrompt', label: 'System prompt', inputId: 'system-prompt' },
  { path: 'model.provider', label: 'Provider', inputId: 'provider' },
  { path: 'model.model', label: 'Model', inputId: 'model' },
  { path: 'model.baseUrl', label: 'Base URL', inputId: 'base-url' },
  { path: 'model.voice', label: 'Voice', inputId: 'voice' },
  { path: 'temperature', label: 'Temperature', inputId: 'temperature' },
  {
    path: 'maxDurationSeconds',
    label: 'Maximum call length',
    inputId: 'max-duration',
    // The form asks minutes.
    unit: { per: 60, one: 'minute', many: 'minutes' },
  },
  {
    path: 'silenceTimeoutSeconds',
    label: 'Hang up after silence',
    inputId: 'silence-timeout',
    unit: { per: 1, one: 'second', many: 'seconds' },
  },
  { path: 'phone.voicemail.action', label: 'Voicemail', inputId: 'voicemail-action' },
  { path: 'phone.voicemail.message', label: 'Voicemail message', inputId: 'voicemail-message' },
  { path: 'analysis.summaryInstruction', label: 'Summary instruction', inputId: 'analysis-summary' },
  { path: 'analysis.dataSchema', label: 'Data to extract', inputId: 'analysis-schema' },
  { path: 'analysis.evaluation.scale', label: 'Success evaluation', inputId: 'analysis-scale' },
  { path: 'analysis.evaluation.rubric', label: 'Success rubric', inputId: 'analysis-rubric' },
  { path: 'tools', label: 'Tools', inputId: 'agent-tools' },
];

/** The editor field an error path belongs to (`tools.0.functions` → Tools), or undefined. */
function fieldOf(path: string): AgentField | undefined {
  return AGENT_FIELDS.filter((field) => path === field.path || path.startsWith(`${field.path}.`)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
}

/** Errors (path → message, e.g. the API's) by editor field path, in words; a field's first error wins. */
export function agentFieldErrors(errors: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const field = fieldOf(path);
    const key = field?.path ?? path;
    result[key] ??= inWords(message, field?.unit);
  }
  return result;
}

/** The fields with an error, in page order; an error outside the table (none is expected) comes last. */
export function problemsOf(errors: Record<string, string>): AgentField[] {
  const known = AGENT_FIELDS.filter((field) => errors[field.path]);
  const unknown = Object.keys(errors)
    .filter((path) => !AGENT_FIELDS.some((field) => field.path === path))
    .map((path) => ({ path, label: 'Other settings', inputId: '' }));
  return [...known, ...unknown];
}
