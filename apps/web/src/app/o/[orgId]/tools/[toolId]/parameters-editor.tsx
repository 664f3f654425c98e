'use client';

import type { Parameters } from '@switchboard/contracts/tools';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';

const TYPES = ['string', 'number', 'integer', 'boolean'] as const;
// A row's identity while it is edited (its name may be empty or change); not part of the schema.
let rowCounter = 0;
const newRowId = () => `row-${rowCounter++}`;

type ParameterRow = {
  id: string;
  name: string;
  type: (typeof TYPES)[number];
  description: string;
  required: boolean;
};

/** Rows for a flat schema of simple properties; undefined when the schema needs the raw editor. */
function rowsOf(schema: Parameters): ParameterRow[] | undefined {
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const rows: ParameterRow[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    const { type, description, ...rest } = (property ?? {}) as Record<string, unknown>;
    if (!TYPES.includes(type as ParameterRow['type']) || Object.keys(rest).length > 0) return undefined;
    rows.push({
      id: newRowId(),
      name,
      type: type as ParameterRow['type'],
      description: String(description ?? ''),
      required: required.has(name),
    });
  }
  return rows;
}

function schemaOf(rows: ParameterRow[]): Parameters {
  const properties = Object.fromEntries(
    rows
      .filter((row) => row.name.trim())
      .map((row) => [
        row.name.trim(),
        { type: row.type, ...(row.description && { description: row.description }) },
      ]),
  );
  const required = rows.filter((row) => row.required && row.name.trim()).map((row) => row.name.trim());
  return { type: 'object', properties, ...(required.length > 0 && { required }) };
}

/** A form for simple argument lists, and the raw JSON Schema for everything else. */
export function ParametersEditor({
  value,
  onChange,
  onRawError,
}: {
  value: Parameters;
  onChange: (schema: Parameters) => void;
  onRawError: (message: string | undefined) => void;
}) {
  const simple = rowsOf(value);
  const [mode, setMode] = useState<'form' | 'raw'>(simple ? 'form' : 'raw');
  const [raw, setRaw] = useState(() => JSON.stringify(value, null, 2));
  // Rows live here, not in the schema: a row being typed has no name yet and is not in the schema.
  const [rows, setRowsState] = useState<ParameterRow[]>(simple ?? []);

  function setRows(next: ParameterRow[]) {
    setRowsState(next);
    const schema = schemaOf(next);
    setRaw(JSON.stringify(schema, null, 2));
    onChange(schema);
  }

  function editRaw(text: string) {
    setRaw(text);
    try {
      const parsed = JSON.parse(text);
      if (parsed?.type !== 'object' || typeof parsed.properties !== 'object') {
        return onRawError('The schema must be an object with "type": "object" and "properties"');
      }
      onRawError(undefined);
      onChange(parsed);
    } catch {
      onRawError('This is not valid JSON yet');
    }
  }

  return (
    <div className="grid gap-2">
      <div className="flex items-center justify-between">
        <span className="text-sm font-medium">Arguments</span>
        <div className="flex gap-1 text-xs">
          <Button
            type="button"
            size="sm"
            variant={mode === 'form' ? 'secondary' : 'ghost'}
            disabled={!simple}
            onClick={() => setMode('form')}
          >
            Form
          </Button>
          <Button
            type="button"
            size="sm"
            variant={mode === 'raw' ? 'secondary' : 'ghost'}
            onClick={() => setMode('raw')}
          >
            JSON Schema
          </Button>
        </div>
      </div>
      {mode === 'raw' ? (
        <Textarea
          aria-label="Arguments JSON Schema"
          className="min-h-40 font-mono text-xs"
          value={raw}
          onChange={(event) => editRaw(event.target.value)}
        />
      ) : (
        <div className="grid gap-2">
          {rows.length === 0 && <p className="text-sm text-muted">No arguments.</p>}
          {rows.map((row, index) => (
            <div
              key={row.id}
              className="grid grid-cols-[1fr_7rem_auto_auto] items-center gap-2 sm:grid-cols-[10rem_7rem_1fr_auto_auto]"
            >
              <Input
                aria-label="Argument name"
                placeholder="order_id"
                className="font-mono"
                value={row.name}
                onChange={(event) =>
                  setRows(rows.map((r, i) => (i === index ? { ...r, name: event.target.value } : r)))
                }
              />
              <NativeSelect
                aria-label="Argument type"
                value={row.type}
                onChange={(event) =>
                  setRows(
                    rows.map((r, i) =>
                      i === index ? { ...r, type: event.target.value as ParameterRow['type'] } : r,
                    ),
                  )
                }
              >
                {TYPES.map((type) => (
                  <option key={type}>{type}</option>
                ))}
              </NativeSelect>
              <Input
                aria-label="Argument description"
                placeholder="What the model should put here"
                className="col-span-4 sm:col-span-1"
                value={row.description}
                onChange={(event) =>
                  setRows(rows.map((r, i) => (i === index ? { ...r, description: event.target.value } : r)))
                }
              />
              <label className="flex items-center gap-1 text-xs text-muted">
                <input
                  type="checkbox"
                  className="accent-primary"
                  checked={row.required}
                  onChange={(event) =>
                    setRows(rows.map((r, i) => (i === index ? { ...r, required: event.target.checked } : r)))
                  }
                />
                required
              </label>
              <Button
                type="button"
                variant="ghost"
                size="icon"
                aria-label="Remove argument"
                onClick={() => setRows(rows.filter((_, i) => i !== index))}
              >
                <Trash2 />
              </Button>
            </div>
          ))}
          <Button
            type="button"
            variant="outline"
            size="sm"
            className="justify-self-start"
            onClick={() =>
              setRows([
                ...rows,
                { id: newRowId(), name: '', type: 'string', description: '', required: false },
              ])
            }
          >
            <Plus /> Add argument
          </Button>
        </div>
      )}
    </div>
  );
}
