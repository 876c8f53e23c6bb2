/**
 * Tinos (metric-compatible with Times New Roman, which Nghị định 30/2020 prescribes), read once per
 * process from the `@expo-google-fonts/tinos` package and shared by every render.
 *
 * Text is drawn one glyph per character: our text is NFC Vietnamese, for which Tinos has a
 * precomposed glyph per letter, so no shaping is needed, and widths measured here are exactly the
 * widths drawn (no kerning either way).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseTrueType, type TrueTypeFont } from './truetype';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';
export const FONT_STYLES: readonly FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** Files inside the package. */
const FONT_FILES: Record<FontStyle, string> = {
  regular: '400Regular/Tinos_400Regular.ttf',
  bold: '700Bold/Tinos_700Bold.ttf',
  italic: '400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/Tinos_700Bold_Italic.ttf',
};

/** PostScript names of the embedded subsets (after their "ABCDEF+" tag). */
const FONT_NAMES: Record<FontStyle, string> = {
  regular: 'Tinos-Regular',
  bold: 'Tinos-Bold',
  italic: 'Tinos-Italic',
  boldItalic: 'Tinos-BoldItalic',
};

/** Font measurements in em: multiply by the size in points. */
export interface FontMetrics {
  /** Advance width of `text` exactly as it will be drawn. */
  advance(text: string): number;
  /** Height above the baseline (hhea ascender). */
  ascent: number;
  /** Depth below the baseline, positive (hhea descender). */
  descent: number;
}

export type FontMetricsSet = Record<FontStyle, FontMetrics>;

/** One loaded style: the parsed file, its name, and metrics for layout. */
export interface FontFace {
  style: FontStyle;
  postscriptName: string;
  font: TrueTypeFont;
  metrics: FontMetrics;
  bold: boolean;
  italic: boolean;
}

export type FontFaces = Record<FontStyle, FontFace>;

/**
 * Where the fonts are. `TINOS_FONT_DIR` (a folder holding the four TTFs) serves bundles that ship
 * the files without node_modules; otherwise the installed package is used.
 */
function fontPath(style: FontStyle): string {
  const dir = process.env.TINOS_FONT_DIR;
  if (dir) return path.join(dir, path.basename(FONT_FILES[style]));
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
  return path.join(pkgDir, FONT_FILES[style]);
}

/** Metrics with per-character and per-word caches: words repeat a lot in a letter. */
function metricsFor(font: TrueTypeFont): FontMetrics {
  const em = font.unitsPerEm;
  const byChar = new Map<number, number>();
  const byText = new Map<string, number>();
  const charAdvance = (cp: number) => {
    let w = byChar.get(cp);
    if (w === undefined) byChar.set(cp, (w = font.advance(font.glyphId(cp)) / em));
    return w;
  };
  return {
    advance(text) {
      let w = byText.get(text);
      if (w === undefined) {
        w = 0;
        for (const ch of text) w += charAdvance(ch.codePointAt(0)!);
        // Bounded: a long-lived process renders many letters.
        if (byText.size > 50_000) byText.clear();
        byText.set(text, w);
      }
      return w;
    },
    ascent: font.ascent / em,
    descent: Math.abs(font.descent) / em,
  };
}

async function loadFace(style: FontStyle): Promise<FontFace> {
  const file = fontPath(style);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (err) {
    throw new Error(`Cannot read the ${style} Tinos font at ${file}; install @expo-google-fonts/tinos or set TINOS_FONT_DIR`, {
      cause: err,
    });
  }
  const font = parseTrueType(bytes);
  return {
    style,
    postscriptName: FONT_NAMES[style],
    font,
    metrics: metricsFor(font),
    bold: style === 'bold' || style === 'boldItalic',
    italic: style === 'italic' || style === 'boldItalic',
  };
}

let loaded: Promise<FontFaces> | undefined;

/** The four styles, read and parsed on first use, then shared by every render in the process. */
export function loadFonts(): Promise<FontFaces> {
  if (!loaded) {
    const pending = Promise.all(FONT_STYLES.map(loadFace)).then(
      (faces) => Object.fromEntries(faces.map((f) => [f.style, f])) as FontFaces,
    );
    loaded = pending;
    // A failed read is not cached: the next render tries again.
    pending.catch(() => {
      if (loaded === pending) loaded = undefined;
    });
  }
  return loaded;
}

export function metricsOf(faces: FontFaces): FontMetricsSet {
  return {
    regular: faces.regular.metrics,
    bold: faces.bold.metrics,
    italic: faces.italic.metrics,
    boldItalic: faces.boldItalic.metrics,
  };
}
