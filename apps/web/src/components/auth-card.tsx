import type { ReactNode } from 'react';
import { Card, CardContent, CardDescription, CardHeader } from '@/components/ui/card';

export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <>
      <Card>
        <CardHeader className="p-6 pb-2">
          <h1 className="text-xl font-semibold">{title}</h1>
          {description && <CardDescription>{description}</CardDescription>}
        </CardHeader>
        <CardContent className="p-6 pt-4">{children}</CardContent>
      </Card>
      {footer && <p className="mt-4 text-center text-sm text-muted">{footer}</p>}
    </>
  );
}
