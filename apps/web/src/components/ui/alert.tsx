import { AlertCircle, CheckCircle2, Info } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

const tones = {
  info: { icon: Info, classes: 'border-primary/20 bg-primary-soft text-foreground' },
  success: { icon: CheckCircle2, classes: 'border-success/20 bg-success-soft text-foreground' },
  danger: { icon: AlertCircle, classes: 'border-danger/20 bg-danger-soft text-danger' },
};

export function Alert({
  tone = 'info',
  title,
  children,
  className,
}: {
  tone?: keyof typeof tones;
  title?: string;
  children?: ReactNode;
  className?: string;
}) {
  const { icon: Icon, classes } = tones[tone];
  return (
    <div
      role={tone === 'danger' ? 'alert' : 'status'}
      className={cn('flex gap-3 rounded-lg border p-3 text-sm', classes, className)}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="grid gap-1">
        {title && <p className="font-medium">{title}</p>}
        {children && <div className={cn(title && 'text-muted')}>{children}</div>}
      </div>
    </div>
  );
}
