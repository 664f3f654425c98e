import type { AgentConfig } from '@switchboard/contracts/agents';
// Only the line diff, not the whole package (patches, word diffs), in the agent page's bundle.
import { diffLines } from 'diff/lib/diff/line.js';
import { AGENT_FIELDS } from './agent-fields';

/** Fields the editor shows as switches or groups, which have no input of their own in AGENT_FIELDS. */
const OTHER_LABELS: Record<string, string> = {
  thinkingSound: 'Thinking sound',
  'phone.warmTransfer': 'Warm transfer',
  'analysis.enabled': 'Post-call analysis',
  'analysis.evaluation': 'Success evaluation',
};

/** A version's configuration as leaf fields (`model.voice` → `Puck`); lists and the data schema stay whole. */
function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const result = new Map<string, unknown>();
  const whole = prefix === 'tools' || prefix === 'analysis.dataSchema';
  if (value && typeof value === 'object' && !Array.isArray(value) && !whole) {
    for (const [key, child] of Object.entries(value)) {
      for (const [path, leaf] of leaves(child, prefix ? `${prefix}.${key}` : key)) result.set(path, leaf);
    }
  } else {
    result.set(prefix, value);
  }
  return result;
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** Sorts field paths as the editor shows its fields; the switches without an input come last. */
function byEditorOrder(a: string, b: string): number {
  const order = (path: string) => {
    const index = AGENT_FIELDS.findIndex((field) => path.startsWith(field.path));
    return index === -1 ? AGENT_FIELDS.length : index;
  };
  return order(a) - order(b);
}

export function labelOf(path: string): string {
  return (
    AGENT_FIELDS.find((field) => field.path === path)?.label ??
    OTHER_LABELS[path] ??
    OTHER_LABELS[path.split('.').slice(0, -1).join('.')] ??
    path
  );
}

/** A field's value as the editor shows it: minutes for the call length, On/Off, tools by name. */
function shown(path: string, value: unknown, toolNames: Map<string, string>): string {
  if (isEmpty(value)) return '';
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  if (path === 'maxDurationSeconds' && typeof value === 'number') return `${value / 60} min`;
  if (path === 'silenceTimeoutSeconds' && typeof value === 'number') return `${value} s`;
  if (path === 'tools')
    return (value as AgentConfig['tools'])
      .map((tool) => `${toolNames.get(tool.toolId) ?? 'Deleted tool'}: ${tool.functions.join(', ')}`)
      .join('\n');
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

export type LineChange =
  | { kind: 'added' | 'removed' | 'same'; text: string }
  | { kind: 'skipped'; count: number };
export type FieldChange =
  | { path: string; label: string; kind: 'value'; before: string; after: string }
  | { path: string; label: string; kind: 'lines'; lines: LineChange[] };

/** Unchanged lines kept around each change; longer unchanged runs are folded to a count. */
const CONTEXT = 2;

function fold(lines: LineChange[]): LineChange[] {
  const result: LineChange[] = [];
  let index = 0;
  while (index < lines.length) {
    let end = index;
    while (end < lines.length && lines[end]?.kind === 'same') end += 1;
    const run = end - index;
    const keepBefore = index === 0 ? 0 : CONTEXT;
    const keepAfter = end === lines.length ? 0 : CONTEXT;
    if (run > keepBefore + keepAfter + 1) {
      result.push(...lines.slice(index, index + keepBefore));
      result.push({ kind: 'skipped', count: run - keepBefore - keepAfter });
      result.push(...lines.slice(end - keepAfter, end));
    } else {
      result.push(...lines.slice(index, end));
    }
    if (end < lines.length) result.push(lines[end] as LineChange);
    index = end + 1;
  }
  return result;
}

/** Texts people write over several lines, compared line by line. */
const LINE_FIELDS = new Set(['systemPrompt', 'analysis.dataSchema', 'tools']);

/**
 * What changed from `before` to `after` (a version and the one before it), field by field in editor order:
 * the prompt and other multi-line texts as a line diff, everything else as old → new.
 */
export function versionChanges(
  before: AgentConfig,
  after: AgentConfig,
  toolNames: Map<string, string> = new Map(),
): FieldChange[] {
  const old = leaves(before);
  const now = leaves(after);
  const paths = [...new Set([...old.keys(), ...now.keys()])].filter(
    (path) => JSON.stringify(old.get(path)) !== JSON.stringify(now.get(path)),
  );
  return paths.sort(byEditorOrder).map((path): FieldChange => {
    const label = labelOf(path);
    const [from, to] = [shown(path, old.get(path), toolNames), shown(path, now.get(path), toolNames)];
    if (!LINE_FIELDS.has(path) && !from.includes('\n') && !to.includes('\n'))
      return { path, label, kind: 'value', before: from, after: to };
    const lines = diffLines(from, to).flatMap((part) =>
      part.value
        .replace(/\n$/, '')
        .split('\n')
        .map(
          (text): LineChange => ({
            kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
            text,
          }),
        ),
    );
    return { path, label, kind: 'lines', lines: fold(lines) };
  });
}

/** The fields `current` has filled that restoring `target` would leave empty, by label. */
export function emptiedBy(current: AgentConfig, target: AgentConfig): string[] {
  const now = leaves(current);
  const then = leaves(target);
  const labels = [...now]
    .filter(([path, value]) => !isEmpty(value) && isEmpty(then.get(path)))
    .map(([path]) => path)
    .sort(byEditorOrder)
    .map(labelOf);
  return [...new Set(labels)];
}
