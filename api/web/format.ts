// How values are written on the pages: instants in Asia/Shanghai, amounts in CNY, shares in %.
import { shanghaiDateTimeOf } from '../../domain/calendar';
import { formatCny, type Fen } from '../../domain/money';

/** `2026-11-27T00:30:00Z` → `2026-11-27 08:30` (Beijing time). */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const { date, time } = shanghaiDateTimeOf(ms);
  return `${date} ${time.slice(0, 5)}`;
}

/** The Shanghai date of an instant. */
export function formatInstantDate(iso: string | null | undefined): string {
  return formatInstant(iso).slice(0, 10);
}

export const formatMoney = (fen: Fen) => formatCny(fen);

export { formatShare } from './format-share';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
