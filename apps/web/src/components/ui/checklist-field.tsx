import { cn } from '@/lib/cn';

export interface ChecklistOption<Value extends string> {
  key: Value;
  description: string;
}

/**
 * A set of choices as cards with a checkbox each (a role's or an API key's permissions, a webhook's events),
 * the key in monospace over its description, and the field's error under them. Answers the whole new set.
 */
export function ChecklistField<Value extends string>({
  legend,
  options,
  chosen,
  onChange,
  error,
  scroll = false,
}: {
  legend: string;
  options: readonly ChecklistOption<Value>[];
  chosen: ReadonlySet<Value>;
  onChange: (next: Set<Value>) => void;
  error?: string | undefined;
  /** A long list scrolls inside the dialog instead of stretching it. */
  scroll?: boolean;
}) {
  function toggle(value: Value, on: boolean) {
    const next = new Set(chosen);
    if (on) next.add(value);
    else next.delete(value);
    onChange(next);
  }

  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">{legend}</legend>
      <div className={cn('grid gap-2 sm:grid-cols-2', scroll && 'max-h-72 overflow-y-auto')}>
        {options.map((option) => (
          <label
            key={option.key}
            className="flex cursor-pointer gap-3 rounded-lg border border-border p-3 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary-soft"
          >
            <input
              type="checkbox"
              className="mt-0.5 accent-primary"
              checked={chosen.has(option.key)}
              onChange={(event) => toggle(option.key, event.target.checked)}
            />
            <span className="grid gap-0.5">
              <span className="font-mono text-xs font-medium">{option.key}</span>
              <span className="text-muted">{option.description}</span>
            </span>
          </label>
        ))}
      </div>
      {error && <p className="text-sm text-danger">{error}</p>}
    </fieldset>
  );
}
