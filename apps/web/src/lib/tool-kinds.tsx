import type { ToolKind } from '@switchboard/contracts/tools';
import { CalendarDays, Globe, PhoneForwarded, Server } from 'lucide-react';
import type { ReactNode } from 'react';

export const TOOL_KIND_ICONS: Record<ToolKind, ReactNode> = {
  google_calendar: <CalendarDays />,
  http: <Globe />,
  call_control: <PhoneForwarded />,
  mcp: <Server />,
};

export const TOOL_STATUS = {
  ready: { label: 'Ready', tone: 'success' },
  needs_connection: { label: 'Needs connection', tone: 'warning' },
  broken: { label: 'Broken', tone: 'danger' },
} as const;
