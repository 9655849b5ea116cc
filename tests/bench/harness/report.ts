// The bench table: one row per figure, its target beside it, and a verdict. A miss never fails the run.

export interface Target {
  readonly op: '<=' | '<' | '>=';
  readonly limit: number;
}

export type Verdict = 'ok' | 'MISS' | 'info' | 'quoted';

export interface Row {
  readonly figure: string;
  readonly metric: string;
  readonly value: number | string;
  readonly unit: string;
  readonly target?: Target;
  readonly verdict: Verdict;
  /** How it was measured, or what it means. */
  readonly note?: string;
}

export function verdictOf(value: number, target: Target): Verdict {
  if (!Number.isFinite(value)) return 'MISS';
  const met = target.op === '<=' ? value <= target.limit : target.op === '>=' ? value >= target.limit : value < target.limit;
  return met ? 'ok' : 'MISS';
}

export function measured(figure: string, metric: string, value: number, unit: string, target?: Target, note?: string): Row {
  return { figure, metric, value, unit, verdict: target ? verdictOf(value, target) : 'info', ...(target ? { target } : {}), ...(note ? { note } : {}) };
}

export function quoted(figure: string, metric: string, value: string, unit: string, note: string): Row {
  return { figure, metric, value, unit, verdict: 'quoted', note };
}

export function formatValue(value: number | string, unit: string): string {
  if (typeof value === 'string') return unit ? `${value} ${unit}` : value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = Number.isInteger(value) ? String(value) : value.toFixed(digits);
  return unit ? `${text} ${unit}` : text;
}

const formatTarget = (row: Row): string => (row.target ? `${row.target.op} ${formatValue(row.target.limit, row.unit)}` : '');

/** A Markdown table (it reads as plain text too), ready for the README's Performance section. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['Fig', 'Metric', 'Value', 'Target', 'Verdict'];
  const body = rows.map((r) => [r.figure, r.metric, formatValue(r.value, r.unit), formatTarget(r), r.verdict === 'quoted' ? 'quoted, not measured here' : r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
