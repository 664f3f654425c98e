'use client';

import { type KeyboardEvent, useRef } from 'react';
import { cn } from '@/lib/cn';

/**
 * A row of tabs as the ARIA authoring practices describe them: one Tab stop (the selected tab), Left/Right
 * arrows move and select, Home/End jump to the ends. The panel they control has id `${id}-panel` and is
 * labelled by the selected tab (`${id}-${value}`); render it with `tabPanelProps(id, value)`.
 */
export function Tabs<T extends string>({
  id,
  label,
  options,
  value,
  onChange,
}: {
  id: string;
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  const list = useRef<HTMLDivElement>(null);

  function onKeyDown(event: KeyboardEvent) {
    const current = options.findIndex((option) => option.value === value);
    const next =
      event.key === 'ArrowRight'
        ? (current + 1) % options.length
        : event.key === 'ArrowLeft'
          ? (current - 1 + options.length) % options.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? options.length - 1
              : -1;
    const option = options[next];
    if (!option) return;
    event.preventDefault();
    onChange(option.value);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(`${id}-${option.value}`)}`)?.focus();
  }

  return (
    <div ref={list} className="mb-4 flex gap-1" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {options.map((option) => (
        <button
          key={option.value}
          id={`${id}-${option.value}`}
          type="button"
          role="tab"
          aria-selected={value === option.value}
          aria-controls={`${id}-panel`}
          tabIndex={value === option.value ? 0 : -1}
          onClick={() => onChange(option.value)}
          className={cn(
            'rounded-md px-3 py-1.5 text-sm text-muted hover:text-foreground',
            value === option.value && 'bg-surface font-medium text-foreground shadow-sm ring-1 ring-border',
          )}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

/** The attributes of the panel a `Tabs` row controls. */
export function tabPanelProps(id: string, value: string) {
  return { id: `${id}-panel`, role: 'tabpanel', 'aria-labelledby': `${id}-${value}` } as const;
}
