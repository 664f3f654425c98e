'use client';

import type { AgentAnalysisSettings, AnalysisDataSchema } from '@switchboard/contracts/analysis';
import { useState } from 'react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { NativeSelect } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import type { AgentSectionProps } from './agent-fields';

const EXAMPLE_SCHEMA = `{
  "type": "object",
  "properties": {
    "appointment_booked": { "type": "boolean" },
    "callback_number": { "type": "string" }
  },
  "required": ["appointment_booked"]
}`;

type Scale = NonNullable<AgentAnalysisSettings['evaluation']>['scale'];

/** Post-call analysis (docs/analysis.md): summary instruction, the data to extract, the success rubric. */
export function AnalysisSection({ draft, update, fieldErrors, disabled }: AgentSectionProps) {
  const { analysis } = draft;
  const setAnalysis = (patch: Partial<AgentAnalysisSettings>) =>
    update({ analysis: { ...analysis, ...patch } });
  // The schema is edited as text; the draft takes it once it parses, and an empty box means no extraction.
  const [schemaText, setSchemaText] = useState(
    analysis.dataSchema ? JSON.stringify(analysis.dataSchema, null, 2) : '',
  );
  const [schemaError, setSchemaError] = useState<string>();
  const serverSchemaError = Object.entries(fieldErrors).find(([path]) =>
    path.startsWith('analysis.dataSchema'),
  );

  function editSchema(text: string) {
    setSchemaText(text);
    if (!text.trim()) {
      setSchemaError(undefined);
      setAnalysis({ dataSchema: null });
      return;
    }
    try {
      setAnalysis({ dataSchema: JSON.parse(text) as AnalysisDataSchema });
      setSchemaError(undefined);
    } catch {
      setSchemaError('Not valid JSON yet');
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Post-call analysis</CardTitle>
        <CardDescription>
          After each call, the agent&apos;s model writes a summary, extracts the data you describe and scores
          the call. Shown on the call and filterable in Calls.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <label className="flex cursor-pointer items-start gap-3 text-sm">
          <input
            type="checkbox"
            role="switch"
            className="mt-0.5 accent-primary"
            disabled={disabled}
            checked={analysis.enabled}
            aria-checked={analysis.enabled}
            onChange={(event) => setAnalysis({ enabled: event.target.checked })}
          />
          <span className="grid gap-0.5">
            <span className="font-medium">Analyze calls</span>
            <span className="text-muted">Runs in the background once a call has ended; never delays it.</span>
          </span>
        </label>
        {analysis.enabled && (
          <>
            <Field
              id="analysis-summary"
              label="Summary instruction"
              error={fieldErrors['analysis.summaryInstruction']}
            >
              <Textarea
                id="analysis-summary"
                className="min-h-16"
                value={analysis.summaryInstruction}
                disabled={disabled}
                onChange={(event) => setAnalysis({ summaryInstruction: event.target.value })}
              />
            </Field>
            <Field
              id="analysis-schema"
              label="Data to extract (JSON Schema)"
              error={schemaError ?? serverSchemaError?.[1]}
              hint="An object of named fields; leave empty to extract nothing. Filter Calls by a field with ?analysis.<field>=<value>."
            >
              <Textarea
                id="analysis-schema"
                className="min-h-32 font-mono text-xs leading-relaxed"
                placeholder={EXAMPLE_SCHEMA}
                value={schemaText}
                disabled={disabled}
                aria-invalid={Boolean(schemaError ?? serverSchemaError)}
                onChange={(event) => editSchema(event.target.value)}
              />
            </Field>
            <Field
              id="analysis-scale"
              label="Success evaluation"
              error={fieldErrors['analysis.evaluation.scale']}
            >
              <NativeSelect
                id="analysis-scale"
                value={analysis.evaluation?.scale ?? 'none'}
                disabled={disabled}
                onChange={(event) => {
                  const scale = event.target.value as Scale | 'none';
                  setAnalysis({
                    evaluation:
                      scale === 'none' ? null : { scale, rubric: analysis.evaluation?.rubric ?? '' },
                  });
                }}
              >
                <option value="none">Do not evaluate</option>
                <option value="pass_fail">Pass or fail</option>
                <option value="one_to_five">Score from 1 to 5</option>
              </NativeSelect>
            </Field>
            {analysis.evaluation && (
              <Field
                id="analysis-rubric"
                label="Rubric: what makes a call successful"
                error={fieldErrors['analysis.evaluation.rubric']}
              >
                <Textarea
                  id="analysis-rubric"
                  className="min-h-16"
                  placeholder="The caller booked an appointment or was told when to call back."
                  value={analysis.evaluation.rubric}
                  disabled={disabled}
                  aria-invalid={Boolean(fieldErrors['analysis.evaluation.rubric'])}
                  onChange={(event) =>
                    setAnalysis({
                      evaluation: {
                        scale: analysis.evaluation?.scale ?? 'pass_fail',
                        rubric: event.target.value,
                      },
                    })
                  }
                />
              </Field>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
