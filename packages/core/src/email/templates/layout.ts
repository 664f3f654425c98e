/** Escapes text for HTML: names and organization names are user input. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

interface Layout {
  subject: string;
  heading: string;
  /** Paragraphs of plain text; escaped here. */
  paragraphs: string[];
  /** The button; left out when the email asks for nothing to be opened. */
  action?: { label: string; url: string } | undefined;
  footnote: string;
}

function renderAction(action: { label: string; url: string }): string {
  const url = escapeHtml(action.url);
  return `<tr><td style="padding:24px 32px 0"><a href="${url}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;font-weight:600;font-size:15px;padding:12px 20px;border-radius:8px">${escapeHtml(action.label)}</a></td></tr>
<tr><td style="padding:20px 32px 0;font-size:13px;line-height:1.5;color:#71717a">If the button does not work, open this link:<br><a href="${url}" style="color:#4f46e5;word-break:break-all">${url}</a></td></tr>`;
}

/**
 * One table-based, inline-styled layout for every email (mail clients ignore stylesheets), and the same
 * content as plain text.
 */
export function renderLayout({ subject, heading, paragraphs, action, footnote }: Layout): RenderedEmail {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#18181b">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5;padding:32px 12px"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:520px;background:#ffffff;border-radius:12px;border:1px solid #e4e4e7">
<tr><td style="padding:28px 32px 0;font-size:14px;font-weight:600;letter-spacing:.02em;color:#4f46e5">Switchboard</td></tr>
<tr><td style="padding:12px 32px 0;font-size:22px;font-weight:700;line-height:1.3">${escapeHtml(heading)}</td></tr>
${paragraphs.map((p) => `<tr><td style="padding:12px 32px 0;font-size:15px;line-height:1.6;color:#3f3f46">${escapeHtml(p)}</td></tr>`).join('\n')}
${action ? renderAction(action) : ''}
<tr><td style="padding:20px 32px 28px;font-size:12px;line-height:1.5;color:#a1a1aa">${escapeHtml(footnote)}</td></tr>
</table></td></tr></table></body></html>`;
  const text = [
    heading,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    ...(action ? [`${action.label}: ${action.url}`, ''] : []),
    footnote,
    '',
  ].join('\n');
  return { subject, html, text };
}
