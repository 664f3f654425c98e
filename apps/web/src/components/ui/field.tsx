import { cloneElement, isValidElement, type ReactNode } from 'react';
import { Label } from './label';

/**
 * A labelled form control with its hint or error; give the control `id`. A single control child is linked to
 * the error or hint (`aria-describedby`) and marked `aria-invalid` while there is an error, so a screen
 * reader reads the error with the field.
 */
export function Field({
  id,
  label,
  error,
  hint,
  action,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="grid gap-1.5">
      <div className="flex items-center justify-between">
        <Label htmlFor={id}>{label}</Label>
        {action}
      </div>
      {isValidElement<Record<string, unknown>>(children)
        ? cloneElement(children, {
            'aria-invalid': error ? true : children.props['aria-invalid'],
            'aria-describedby': error
              ? `${id}-error`
              : hint
                ? `${id}-hint`
                : children.props['aria-describedby'],
          })
        : children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-danger">
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="text-sm text-muted">
            {hint}
          </p>
        )
      )}
    </div>
  );
}
