import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';

/** What the Calls and the Analytics pages narrow to first: one agent, and a period of days. */
export interface AgentPeriod {
  agentId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The agent and the From and To dates of a page's filter; an empty field is left out of the filter. */
export function AgentPeriodFields<Filter extends AgentPeriod>({
  idPrefix,
  agents,
  filter,
  onChange,
  errors = {},
}: {
  idPrefix: string;
  agents: readonly { id: string; name: string }[] | undefined;
  filter: Filter;
  onChange: (next: Filter) => void;
  errors?: Partial<Record<keyof AgentPeriod, string | undefined>>;
}) {
  const set = (field: keyof AgentPeriod, value: string) =>
    onChange({ ...filter, [field]: value || undefined });
  return (
    <>
      <Field id={`${idPrefix}-agent`} label="Agent" error={errors.agentId}>
        <NativeSelect
          id={`${idPrefix}-agent`}
          className="w-48"
          value={filter.agentId ?? ''}
          onChange={(event) => set('agentId', event.target.value)}
        >
          <option value="">All agents</option>
          {agents?.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id={`${idPrefix}-from`} label="From" error={errors.from}>
        <Input
          id={`${idPrefix}-from`}
          type="date"
          className="w-40"
          value={filter.from ?? ''}
          onChange={(event) => set('from', event.target.value)}
        />
      </Field>
      <Field id={`${idPrefix}-to`} label="To" error={errors.to}>
        <Input
          id={`${idPrefix}-to`}
          type="date"
          className="w-40"
          value={filter.to ?? ''}
          onChange={(event) => set('to', event.target.value)}
        />
      </Field>
    </>
  );
}
