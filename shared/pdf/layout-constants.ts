/**
 * Page geometry and type sizes of a công văn, from Nghị định 30/2020/NĐ-CP Phụ lục I. All lengths in
 * PDF points (1/72 inch).
 */

export const MM = 72 / 25.4;
export const CM = 10 * MM;

/** A4 as pdf-lib and poppler report it. */
export const PAGE = { width: 595.28, height: 841.89 } as const;

/** The decree allows top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm; we use the smallest. */
export const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM } as const;

export const CONTENT = {
  left: MARGIN.left,
  right: PAGE.width - MARGIN.right,
  top: MARGIN.top,
  bottom: PAGE.height - MARGIN.bottom,
  width: PAGE.width - MARGIN.left - MARGIN.right,
} as const;

/** Type sizes (pt). Where the decree gives a range we take the size most offices print. */
export const SIZE = {
  /** Parent and issuing agency, 12–13. 12 keeps "TỔNG CỤC THI HÀNH ÁN DÂN SỰ" on one line. */
  agency: 12,
  /** "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12–13, paired with a 13 pt motto. */
  nationalTitle: 12,
  /** "Độc lập - Tự do - Hạnh phúc", 13–14. */
  motto: 13,
  /** "Số: …", 13. */
  number: 13,
  /** Place and date, 13–14 italic. */
  date: 14,
  /** The date line when a long place name does not fit the right column at 14. */
  dateSmall: 13,
  /** "V/v …" under the number, 12–13. */
  subject: 12,
  /** Kính gửi block and body, 13–14. */
  body: 14,
  /** "Nơi nhận:", 12 bold italic. */
  recipientsHeading: 12,
  /** Nơi nhận entries, 11. */
  recipients: 11,
  /** Authority, title and name of the signer, 13–14 bold. */
  signature: 14,
  /** Page number, 13–14. */
  pageNumber: 13,
  draftMark: 12,
  footer: 8,
} as const;

/** Line height as a multiple of the type size: the decree allows single to 1.5 lines. */
export const LINE_SPACING = 1.2;
/** Line height of the small Nơi nhận entries, a little tighter so long lists stay compact. */
export const RECIPIENT_LINE_SPACING = 1.15;
/** Space before each body paragraph: "tối thiểu là 6pt". */
export const PARAGRAPH_SPACING = 6;
/** First-line indent of body paragraphs, 1–1.27 cm. */
export const FIRST_LINE_INDENT = 1.27 * CM;

/** Gap between the right header column and its widest fixed line, so centred text never touches the edge. */
export const HEADER_COLUMN_PADDING = 8;
/** Rule under the issuing agency: 1/3 to 1/2 of the name's width. */
export const AGENCY_RULE_RATIO = 0.4;
export const RULE_THICKNESS = 0.6;
/** Rules sit this far below the descender line, clear of the Vietnamese dot below (Ự, Ộ). */
export const RULE_GAP = 2.5;
/** Between the header rules and the "Số" / date row. */
export const HEADER_ROW_GAP = 12;
/** Between "Số" and "V/v": the decree asks for 6 pt. */
export const SUBJECT_GAP = 6;
/** Between the header block and "Kính gửi". */
export const ADDRESSEE_GAP = 18;
/** Where "Kính gửi:" starts, from the left margin. */
export const ADDRESSEE_INDENT = FIRST_LINE_INDENT;
/** Between the Kính gửi block and the first body paragraph. */
export const BODY_GAP = 12;
/** Between the body and the Nơi nhận / signature row. */
export const SIGNATURE_GAP = 12;
/** Room for a handwritten signature and seal, or the image of a digital one. */
export const SIGNATURE_SPACE = 2.6 * CM;
/** Body lines kept on the page of the signature block when it moves to a new page. */
export const LINES_BEFORE_SIGNATURE = 2;
/** Gutter between the Nơi nhận column and the signature column. */
export const RECIPIENTS_GUTTER = 8;
