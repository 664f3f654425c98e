'use client';

import type { AgentVersion } from '@switchboard/contracts/agents';
import { formatCount } from '@/lib/format';
import { type FieldChange, versionChanges } from './version-changes';

/** One field's change: old → new, or the lines added and removed. */
function Change({ change }: { change: FieldChange }) {
  return (
    <div className="grid gap-1">
      <dt className="text-sm font-medium">{change.label}</dt>
      <dd>
        {change.kind === 'value' ? (
          <span className="flex flex-wrap items-center gap-2 text-sm">
            {change.before ? (
              <del className="rounded bg-danger-soft px-1.5 py-0.5 text-danger">
                <span className="sr-only">was </span>
                {change.before}
              </del>
            ) : (
              <span className="text-muted italic">empty</span>
            )}
            <span aria-hidden>→</span>
            {change.after ? (
              <ins className="rounded bg-success-soft px-1.5 py-0.5 text-success no-underline">
                <span className="sr-only">now </span>
                {change.after}
              </ins>
            ) : (
              <span className="text-muted italic">empty</span>
            )}
          </span>
        ) : (
          <pre className="max-h-80 overflow-auto rounded-md border border-border font-mono text-xs leading-relaxed">
            {change.lines.map((line, index) =>
              line.kind === 'skipped' ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond their place.
                <div key={index} className="bg-subtle px-3 text-muted italic">
                  … {formatCount(line.count, 'unchanged line', 'unchanged lines')}
                </div>
              ) : (
                <div
                  // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond their place.
                  key={index}
                  className={
                    line.kind === 'added'
                      ? 'bg-success-soft px-3 text-success'
                      : line.kind === 'removed'
                        ? 'bg-danger-soft px-3 text-danger'
                        : 'px-3'
                  }
                >
                  <span aria-hidden className="select-none">
                    {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '− ' : '  '}
                  </span>
                  <span className="sr-only">
                    {line.kind === 'added' ? 'added: ' : line.kind === 'removed' ? 'removed: ' : ''}
                  </span>
                  {line.text || ' '}
                </div>
              ),
            )}
          </pre>
        )}
      </dd>
    </div>
  );
}

/** What changed from the version before to this one, field by field. */
export function VersionChangesList({
  before,
  after,
  toolNames,
}: {
  before: AgentVersion;
  after: AgentVersion;
  toolNames: Map<string, string>;
}) {
  const changes = versionChanges(before.config, after.config, toolNames);
  if (changes.length === 0)
    return <p className="text-sm text-muted">The same configuration as version {before.version}.</p>;
  return (
    <dl className="grid max-h-[60vh] gap-4 overflow-y-auto pr-1">
      {changes.map((change) => (
        <Change key={change.path} change={change} />
      ))}
    </dl>
  );
}
