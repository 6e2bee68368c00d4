import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

/**
 * Noto Sans (SIL Open Font License 1.1, from @fontsource/noto-sans) is embedded in every PDF, as
 * PDF/UA asks, rather than relying on a reader's Helvetica. The package ships the font in
 * script subsets, so each piece of text is set in the first subset that has its characters: a
 * name like Łukasz or Σοφία comes out whole.
 */
const subsets = [
  'latin',
  'latin-ext',
  'greek',
  'greek-ext',
  'cyrillic',
  'cyrillic-ext',
  'vietnamese',
] as const;
export type Weight = 'regular' | 'bold';

export interface FontFace {
  name: string;
  data: Buffer;
  has(codePoint: number): boolean;
}

const require = createRequire(import.meta.url);
let loaded: Record<Weight, FontFace[]> | undefined;

function load(): Record<Weight, FontFace[]> {
  const dir = path.join(path.dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
  const faces = (weight: Weight, number: number) =>
    subsets.map((subset) => {
      const data = readFileSync(path.join(dir, `noto-sans-${subset}-${number}-normal.woff`));
      const font = fontkit.create(data) as fontkit.Font;
      return { name: `noto-${subset}-${weight}`, data, has: (cp: number) => font.hasGlyphForCodePoint(cp) };
    });
  return { regular: faces('regular', 400), bold: faces('bold', 700) };
}

export function fontFaces(): Record<Weight, FontFace[]> {
  loaded ??= load();
  return loaded;
}

/** Splits text into runs, each in one face; a character no face has stays in the current run. */
export function fontRuns(text: string, faces: readonly FontFace[]): { face: FontFace; text: string }[] {
  const [first] = faces;
  if (!first) throw new Error('No font faces to set text in');
  const runs: { face: FontFace; text: string }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 32;
    const last = runs.at(-1);
    const face = last?.face.has(cp) ? last.face : (faces.find((f) => f.has(cp)) ?? last?.face ?? first);
    if (last && last.face === face) last.text += ch;
    else runs.push({ face, text: ch });
  }
  return runs;
}
