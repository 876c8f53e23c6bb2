/**
 * Stands in for `@pdf-lib/standard-fonts` in the Lambda bundles (an esbuild alias,
 * infra/aws/bundle-options.ts). pdf-lib imports it for its 14 standard PDF fonts (Helvetica, Times, …):
 * their metrics and encodings, compressed, are 130 KB of every PDF function, and the encodings are
 * inflated and parsed at import (init CPU). This app never draws with a standard font: every letter,
 * stamp and signature appearance embeds a subset of Tinos (shared/pdf/pdf-font.ts) and writes its own
 * content streams, and it makes no forms (whose default appearance is Helvetica). So the names stay (pdf-lib
 * reads them at import) and loading a font fails loudly, naming why, instead of drawing wrong.
 */
export enum FontNames {
  Courier = 'Courier',
  CourierBold = 'Courier-Bold',
  CourierOblique = 'Courier-Oblique',
  CourierBoldOblique = 'Courier-BoldOblique',
  Helvetica = 'Helvetica',
  HelveticaBold = 'Helvetica-Bold',
  HelveticaOblique = 'Helvetica-Oblique',
  HelveticaBoldOblique = 'Helvetica-BoldOblique',
  TimesRoman = 'Times-Roman',
  TimesRomanBold = 'Times-Bold',
  TimesRomanItalic = 'Times-Italic',
  TimesRomanBoldItalic = 'Times-BoldItalic',
  Symbol = 'Symbol',
  ZapfDingbats = 'ZapfDingbats',
}

const notBundled = (what: string): never => {
  throw new Error(`${what}: the standard PDF fonts are not in this bundle (infra/aws/bundle-shims/standard-fonts.ts); embed a Tinos subset instead`);
};

export class Font {
  static load(name: string): never {
    return notBundled(`Font.load(${name})`);
  }
}

/** Read only by pdf-lib's StandardFontEmbedder when it embeds a standard font (it throws, like `Font.load`). */
export const Encodings = {
  get Symbol(): never {
    return notBundled('Encodings.Symbol');
  },
  get ZapfDingbats(): never {
    return notBundled('Encodings.ZapfDingbats');
  },
  get WinAnsi(): never {
    return notBundled('Encodings.WinAnsi');
  },
};
