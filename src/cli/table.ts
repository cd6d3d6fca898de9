/** Aligned text tables, with colour only when the output is a terminal (and NO_COLOR is unset). */
import { styleText } from 'node:util';

export type Style = Parameters<typeof styleText>[0];

export function useColour(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

/** Renders rows under a bold header; `styles[i]` colours a cell when colour is on. */
export function renderTable(header: string[], rows: { cells: string[]; style?: Style }[], colour: boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const paint = (style: Style | undefined, text: string) => (colour && style ? styleText(style, text) : text);
  return [paint('bold', line(header)), ...rows.map((r) => paint(r.style, line(r.cells)))].join('\n') + '\n';
}
