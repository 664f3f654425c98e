'use client';

import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from './button';
import { Input } from './input';

/** A secret shown once (an API key, a signing secret): selected whole on focus, and a button that copies it. */
export function CopyableSecret({
  label,
  secret,
  copiedToast,
}: {
  label: string;
  secret: string;
  /** The toast once copied, e.g. "Key copied". */
  copiedToast: string;
}) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
    toast.success(copiedToast);
  }
  return (
    <div className="flex items-center gap-2">
      <Input
        aria-label={label}
        readOnly
        value={secret}
        className="font-mono text-xs"
        onFocus={(event) => event.target.select()}
      />
      <Button type="button" variant="outline" onClick={() => void copy()}>
        {copied ? <Check /> : <Copy />} {copied ? 'Copied' : 'Copy'}
      </Button>
    </div>
  );
}
