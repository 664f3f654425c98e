'use client';

import { useState } from 'react';
import { ApiError, errorMessage } from './api';

/** Pending flag, a form-level error and per-field errors (from API validation details) for one form. */
export function useFormState() {
  const [pending, setPending] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function run(action: () => Promise<void>) {
    setPending(true);
    setFormError(undefined);
    setFieldErrors({});
    try {
      await action();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : {};
      setFieldErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(errorMessage(error));
    } finally {
      setPending(false);
    }
  }

  return { pending, formError, fieldErrors, run, setFieldErrors };
}
