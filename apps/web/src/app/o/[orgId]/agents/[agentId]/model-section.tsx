'use client';

import { type AgentConfig, type AgentModel, MODEL_PROVIDERS } from '@switchboard/contracts/agents';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import { PROVIDERS } from '@/lib/models';

function modelFor(provider: AgentModel['provider'], previous: AgentModel): AgentModel {
  const defaults = PROVIDERS[provider];
  const voice = defaults.voices[0] ?? 'alloy';
  if (provider === 'openai_compatible') {
    return { provider, model: '', voice, baseUrl: previous.provider === provider ? previous.baseUrl : '' };
  }
  return { provider, model: defaults.defaultModel, voice };
}

export function ModelSection({
  draft,
  update,
  fieldErrors,
  disabled,
}: {
  draft: AgentConfig;
  update: (patch: Partial<AgentConfig>) => void;
  fieldErrors: Record<string, string>;
  disabled: boolean;
}) {
  const { model } = draft;
  const setModel = (patch: Partial<AgentModel>) => update({ model: { ...model, ...patch } as AgentModel });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Model and voice</CardTitle>
        <CardDescription>{PROVIDERS[model.provider].description}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2">
        <Field id="provider" label="Provider">
          <NativeSelect
            id="provider"
            value={model.provider}
            disabled={disabled}
            onChange={(event) =>
              update({ model: modelFor(event.target.value as AgentModel['provider'], model) })
            }
          >
            {MODEL_PROVIDERS.map((provider) => (
              <option key={provider} value={provider}>
                {PROVIDERS[provider].label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="model" label="Model" error={fieldErrors['model.model']}>
          <Input
            id="model"
            value={model.model}
            disabled={disabled}
            placeholder={model.provider === 'openai_compatible' ? 'llama-3.3-70b' : undefined}
            onChange={(event) => setModel({ model: event.target.value })}
          />
        </Field>
        {model.provider === 'openai_compatible' && (
          <Field
            id="base-url"
            label="Base URL"
            error={fieldErrors['model.baseUrl']}
            hint="The chat-completions server, e.g. https://api.groq.com/openai/v1 (a private or internal address only if the operator allows it)"
          >
            <Input
              id="base-url"
              value={model.baseUrl}
              disabled={disabled}
              onChange={(event) => setModel({ baseUrl: event.target.value })}
            />
          </Field>
        )}
        <Field id="voice" label="Voice" error={fieldErrors['model.voice']}>
          <Input
            id="voice"
            list="voices"
            value={model.voice}
            disabled={disabled}
            onChange={(event) => setModel({ voice: event.target.value })}
          />
          <datalist id="voices">
            {PROVIDERS[model.provider].voices.map((voice) => (
              <option key={voice} value={voice} />
            ))}
          </datalist>
        </Field>
        <Field
          id="temperature"
          label={`Temperature: ${draft.temperature.toFixed(1)}`}
          hint="Lower is more predictable."
        >
          <input
            id="temperature"
            type="range"
            min={0}
            max={2}
            step={0.1}
            disabled={disabled}
            value={draft.temperature}
            className="accent-primary"
            onChange={(event) => update({ temperature: Number(event.target.value) })}
          />
        </Field>
      </CardContent>
    </Card>
  );
}
