/** 6000 basis points → `60%`, 3333 → `33.33%` (no server imports: the browser script uses it). */
export function formatShare(bp: number): string {
  return `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}
