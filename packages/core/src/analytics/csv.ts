/**
 * One CSV cell (RFC 4180 quoting). A value a spreadsheet would run as a formula (leading = + - @, or a
 * tab or carriage return before one) is prefixed with a single quote: agent names and caller numbers are
 * tenant or caller input, and a phone number like +4930… is one of them.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
