/**
 * A label map: every key of `K` must be given (so both languages have each one), and it may be
 * looked up with any string (a value the API adds later falls back to itself on the page).
 */
export type Labels<K extends string> = Readonly<Record<K, string>> & Readonly<Record<string, string | undefined>>;

export const labels = <K extends string>(map: Record<K, string>): Labels<K> => map as Labels<K>;
