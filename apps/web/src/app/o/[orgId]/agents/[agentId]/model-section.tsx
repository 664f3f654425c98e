'use client';

import type { AgentModel } from '@switchboard/contracts/agents';
import { MODEL_PROVIDERS } from '@switchboard/contracts/constants';
import { type CatalogChoice, defaultModelOf, MODEL_CATALOG } from '@switchboard/contracts/model-catalog';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, NativeSelect } from '@/components/ui/input';
import type { AgentSectionProps } from './agent-fields';
import { VoicePreviewButton } from './voice-preview-button';

function modelFor(provider: AgentModel['provider'], previous: AgentModel): AgentModel {
  const voice = MODEL_CATALOG[provider].voices[0]?.id ?? 'alloy';
  if (provider === 'openai_compatible') {
    return { provider, model: '', voice, baseUrl: previous.provider === provider ? previous.baseUrl : '' };
  }
  return { provider, model: defaultModelOf(provider), voice };
}

/**
 * A select over the catalog's choices. A saved value the catalog does not have (an older model, or one set
 * through the API) stays selectable as itself, so opening and saving the agent does not change it.
 */
function CatalogSelect({
  id,
  value,
  choices,
  disabled,
  error,
  inline,
  onChange,
}: {
  id: string;
  value: string;
  choices: readonly (CatalogChoice & { language?: string })[];
  disabled: boolean;
  error: string | undefined;
  /** Each option shows its description too (short ones); otherwise the field's hint shows the chosen one's. */
  inline: boolean;
  onChange: (value: string) => void;
}) {
  const known = choices.some((choice) => choice.id === value);
  return (
    <NativeSelect
      id={id}
      value={value}
      disabled={disabled}
      aria-invalid={Boolean(error)}
      aria-describedby={error ? `${id}-error` : undefined}
      onChange={(event) => onChange(event.target.value)}
    >
      {!known && <option value={value}>{value} (not in the catalog)</option>}
      {choices.map((choice) => (
        <option key={choice.id} value={choice.id}>
          {inline ? `${choice.label} — ${choice.description}` : choice.label}
        </option>
      ))}
    </NativeSelect>
  );
}

export function ModelSection({ draft, update, fieldErrors, disabled }: AgentSectionProps) {
  const { model } = draft;
  const setModel = (patch: Partial<AgentModel>) => update({ model: { ...model, ...patch } as AgentModel });
  const entry = MODEL_CATALOG[model.provider];
  const voice = entry.voices.find((choice) => choice.id === model.voice);
  const modelChoice = entry.models.find((choice) => choice.id === model.model);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Model and voice</CardTitle>
        <CardDescription>{entry.description}</CardDescription>
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
                {MODEL_CATALOG[provider].label}
              </option>
            ))}
          </NativeSelect>
        </Field>
        {entry.models.length > 0 ? (
          <Field
            id="model"
            label="Model"
            error={fieldErrors['model.model']}
            hint={modelChoice?.description ?? 'Not one of the models the dashboard offers.'}
          >
            <CatalogSelect
              id="model"
              value={model.model}
              choices={entry.models}
              disabled={disabled}
              error={fieldErrors['model.model']}
              inline={false}
              onChange={(value) => setModel({ model: value })}
            />
          </Field>
        ) : (
          <Field
            id="model"
            label="Model"
            error={fieldErrors['model.model']}
            hint="The model name your chat-completions server serves."
          >
            <Input
              id="model"
              value={model.model}
              disabled={disabled}
              placeholder="llama-3.3-70b"
              onChange={(event) => setModel({ model: event.target.value })}
            />
          </Field>
        )}
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
        <Field
          id="voice"
          label="Voice"
          error={fieldErrors['model.voice']}
          hint={voice ? voice.language : 'Choose one of the provider’s voices.'}
        >
          <CatalogSelect
            id="voice"
            value={model.voice}
            choices={entry.voices}
            disabled={disabled}
            error={fieldErrors['model.voice']}
            inline
            onChange={(value) => setModel({ voice: value })}
          />
        </Field>
        {voice && <VoicePreviewButton provider={model.provider} voice={voice.id} />}
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
