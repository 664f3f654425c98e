import type { ToolKind, ToolKindInfo } from '@switchboard/contracts/tools';
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

/**
 * Why a kind of tool cannot be added on this installation, for the person reading it: the settings that
 * enable it for a platform admin (who runs the installation and can set them), plain words for others.
 */
export function unavailableText(kind: ToolKindInfo, isPlatformAdmin: boolean): string | null {
  if (kind.available) return null;
  if (isPlatformAdmin && kind.unavailableReason) return kind.unavailableReason;
  return `${kind.name} is not set up on this installation yet: whoever runs Switchboard here can enable it.`;
}
