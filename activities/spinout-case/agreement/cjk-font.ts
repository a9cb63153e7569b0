// The CJK font the agreement is set in: Noto Sans Hans (SIL Open Font License) from the npm
// package @embedpdf/fonts-sc, so no system font has to be installed. Read once per process;
// pdfkit embeds only the glyphs a document uses.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type CjkWeight = 'Regular' | 'Bold';

const cache = new Map<CjkWeight, Buffer>();

function fontsDir(): string {
  // The package exports only its index; the font files sit in ../fonts beside its dist folder.
  const entry = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
  return path.join(path.dirname(entry), '..', 'fonts');
}

export function cjkFont(weight: CjkWeight): Buffer {
  let font = cache.get(weight);
  if (!font) {
    font = readFileSync(path.join(fontsDir(), `NotoSansHans-${weight}.otf`));
    cache.set(weight, font);
  }
  return font;
}
