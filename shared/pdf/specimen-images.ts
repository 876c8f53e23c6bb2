/**
 * Specimen images for the demo data: a drawn handwritten signature (blue) for each demo signer and
 * a seal (red) for each demo agency, both PNG with a transparent background as Nghị định 30/2020
 * asks, and both marked "MẪU" (specimen) so nobody can take them for a real signature or seal.
 *
 * Drawn by the project with a round pen along polylines (coverage from the distance to each segment,
 * so edges are smooth) and encoded with png.ts: deterministic, the same name gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { encodePng } from './png';

/** 12 px/mm ≈ 305 dpi: sharp in print, a few kilobytes as PNG. */
export const SPECIMEN_PX_PER_MM = 12;
/** The demo seal's real diameter: round seals of state agencies are in the mid-30 mm (see README). */
export const SPECIMEN_SEAL_MM = 36;
const SIGNATURE_MM = { width: 50, height: 20 };

const BLUE = [0x0b, 0x2f, 0xb8] as const;
const RED = [0xd4, 0x10, 0x1c] as const;

type Point = readonly [number, number];

class Canvas {
  readonly coverage: Float32Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.coverage = new Float32Array(width * height);
  }

  /** A round pen of `radius` px along the points. */
  stroke(points: readonly Point[], radius: number): void {
    for (let i = 0; i + 1 < points.length; i++) this.segment(points[i]!, points[i + 1]!, radius);
    if (points.length === 1) this.segment(points[0]!, points[0]!, radius);
  }

  private segment([ax, ay]: Point, [bx, by]: Point, r: number): void {
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - r - 1));
    const x1 = Math.min(this.width - 1, Math.ceil(Math.max(ax, bx) + r + 1));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by) - r - 1));
    const y1 = Math.min(this.height - 1, Math.ceil(Math.max(ay, by) + r + 1));
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5 - ax;
        const py = y + 0.5 - ay;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        const d = Math.hypot(px - t * dx, py - t * dy);
        const c = Math.max(0, Math.min(1, r + 0.5 - d));
        const i = y * this.width + x;
        if (c > this.coverage[i]!) this.coverage[i] = c;
      }
    }
  }

  png(colour: readonly [number, number, number], pixelsPerMm: number): Uint8Array {
    const rgba = new Uint8Array(this.width * this.height * 4);
    this.coverage.forEach((c, i) => {
      if (c <= 0) return;
      rgba.set(colour, i * 4);
      rgba[i * 4 + 3] = Math.round(c * 255);
    });
    return encodePng(this.width, this.height, rgba, pixelsPerMm);
  }
}

/** "MẪU" in strokes, each letter in a 0.8 × 1 box (y down), with the circumflex and tilde above. */
const MAU_GLYPHS: readonly (readonly Point[])[][] = [
  [[[0, 1], [0, 0], [0.4, 0.6], [0.8, 0], [0.8, 1]]],
  [
    [[0, 1], [0.4, 0], [0.8, 1]],
    [[0.16, 0.62], [0.64, 0.62]],
    [[0.22, -0.14], [0.4, -0.3], [0.58, -0.14]],
    [[0.14, -0.46], [0.28, -0.56], [0.5, -0.44], [0.66, -0.54]],
  ],
  [[[0, 0], [0, 0.68], [0.08, 0.9], [0.4, 1], [0.72, 0.9], [0.8, 0.68], [0.8, 0]]],
];

/** Draws "MẪU" with its cap height `size` px, its top-left corner of the M at (x, y). */
function drawMau(canvas: Canvas, x: number, y: number, size: number, pen: number): void {
  MAU_GLYPHS.forEach((glyph, i) => {
    for (const line of glyph) canvas.stroke(line.map(([gx, gy]) => [x + (gx + i * 1.15) * size, y + gy * size] as const), pen);
  });
}
const MAU_WIDTH = 0.8 + 2 * 1.15;

/** A number in [0, 1) from the name and a salt: the same person always gets the same scribble. */
function seeded(name: string): (salt: number) => number {
  const digest = createHash('sha256').update(name.normalize('NFC')).digest();
  return (salt) => digest[salt % digest.length]! / 256;
}

/** A handwritten-looking signature: a loopy stroke, a flourish under it, and "MẪU" beside. */
export function specimenSignaturePng(name: string): Uint8Array {
  const px = SPECIMEN_PX_PER_MM;
  const canvas = new Canvas(SIGNATURE_MM.width * px, SIGNATURE_MM.height * px);
  const { width: w, height: h } = canvas;
  const rnd = seeded(name);
  const loops = 3 + Math.floor(rnd(0) * 3);
  const tilt = 0.1 + rnd(1) * 0.15;
  const points: Point[] = [];
  for (let i = 0; i <= 400; i++) {
    const t = i / 400;
    const a = t * Math.PI * 2 * loops;
    const x = w * (0.06 + 0.62 * t) + w * 0.05 * Math.cos(a + rnd(2) * 3);
    const y = h * (0.45 - tilt * (t - 0.5)) - h * (0.22 + 0.08 * rnd(3)) * Math.sin(a) * (1 - 0.4 * t);
    points.push([x, y]);
  }
  canvas.stroke(points, 2.6);
  // The flourish: a long shallow arc under the name, as many signers end theirs.
  const flourish: Point[] = [];
  for (let i = 0; i <= 60; i++) {
    const t = i / 60;
    flourish.push([w * (0.1 + 0.7 * t), h * (0.8 - 0.12 * Math.sin(Math.PI * t) - 0.1 * t)]);
  }
  canvas.stroke(flourish, 2.2);
  const mau = h * 0.22;
  drawMau(canvas, w - mau * MAU_WIDTH - px * 1.5, h * 0.14, mau, 2.4);
  return canvas.png(BLUE, px);
}

/** A round seal at real size: two rings, a five-pointed star, a ring of dots per agency and "MẪU". */
export function specimenSealPng(agencyCode: string): Uint8Array {
  const px = SPECIMEN_PX_PER_MM;
  const size = SPECIMEN_SEAL_MM * px;
  const canvas = new Canvas(size, size);
  const c = size / 2;
  const circle = (r: number): Point[] => Array.from({ length: 241 }, (_, i) => [c + r * Math.cos((i / 240) * 2 * Math.PI), c + r * Math.sin((i / 240) * 2 * Math.PI)] as const);
  canvas.stroke(circle(size * 0.47), px * 0.45);
  canvas.stroke(circle(size * 0.35), px * 0.25);
  // Between the rings a paper seal carries the agency's name; the specimen a ring of dots whose
  // count comes from the code, so each demo agency's seal differs.
  const dots = 18 + (seeded(agencyCode)(0) * 12) | 0;
  for (let i = 0; i < dots; i++) {
    const a = (i / dots) * 2 * Math.PI - Math.PI / 2;
    canvas.stroke([[c + size * 0.41 * Math.cos(a), c + size * 0.41 * Math.sin(a)]], px * 0.5);
  }
  const star: Point[] = Array.from({ length: 11 }, (_, i) => {
    const r = (i % 2 === 0 ? 0.09 : 0.035) * size;
    const a = (i / 10) * 2 * Math.PI - Math.PI / 2;
    return [c + r * Math.cos(a), c - size * 0.17 + r * Math.sin(a)] as const;
  });
  canvas.stroke(star, px * 0.2);
  const mau = size * 0.13;
  drawMau(canvas, c - (mau * MAU_WIDTH) / 2, c + size * 0.02, mau, px * 0.3);
  return canvas.png(RED, px);
}
