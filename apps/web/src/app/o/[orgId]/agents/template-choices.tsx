'use client';

import { AGENT_TEMPLATES, type AgentTemplateId } from '@switchboard/contracts/agent-templates';
import { cn } from '@/lib/cn';

/**
 * The templates to start an agent from. A module of its own, loaded when the New agent dialog opens: the
 * templates' module brings zod (about 30 KB compressed), which the Agents list itself does not need.
 */
export default function TemplateChoices({
  value,
  onChange,
}: {
  value: AgentTemplateId;
  onChange: (value: AgentTemplateId) => void;
}) {
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">Template</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {AGENT_TEMPLATES.map((choice) => (
          <label
            key={choice.id}
            className={cn(
              'flex cursor-pointer gap-3 rounded-lg border border-border p-3 text-sm hover:bg-subtle',
              value === choice.id && 'border-primary ring-1 ring-primary',
            )}
          >
            <input
              type="radio"
              name="template"
              value={choice.id}
              checked={value === choice.id}
              onChange={() => onChange(choice.id)}
              className="mt-1 accent-primary"
            />
            <span className="grid gap-0.5">
              <span className="font-medium">{choice.name}</span>
              <span className="text-muted">{choice.description}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
