/**
 * Just enough PNG (ISO/IEC 15948) for the signature and seal images of Nghị định 30/2020: reading
 * the header chunks of an upload to check it (signature, IHDR, transparency, physical size) and
 * writing the project's own RGBA specimens with node's zlib. Decoding the pixels for the PDF is
 * pdf-lib's (embedPng), which the upload check also runs so a PNG that cannot be drawn is refused.
 */
import { crc32, deflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Colour types (PNG 11.2.2) that carry an alpha channel; a palette image may add one with tRNS. */
const GREY_ALPHA = 4;
const RGB_ALPHA = 6;
const PALETTE = 3;

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** Per-pixel transparency: an alpha channel, or a tRNS chunk. */
  hasAlpha: boolean;
  /** Pixels per millimetre from pHYs when its unit is the metre (the image's real size); else undefined. */
  pixelsPerMm?: number;
}

export class PngFormatError extends Error {}

/** Reads the chunk headers up to the first IDAT (IHDR, tRNS, pHYs); throws PngFormatError if it is not a PNG. */
export function inspectPng(bytes: Uint8Array): PngInfo {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new PngFormatError('not a PNG signature');
  let info: PngInfo | undefined;
  let transparency = false;
  for (let at = 8; at + 12 <= buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (data.length !== length || at + 12 + length > buf.length) throw new PngFormatError(`chunk ${type} runs past the end`);
    if (crc32(buf.subarray(at + 4, at + 8 + length)) !== buf.readUInt32BE(at + 8 + length)) throw new PngFormatError(`chunk ${type} fails its CRC`);
    if (!info && type !== 'IHDR') throw new PngFormatError('IHDR is not the first chunk');
    if (type === 'IHDR') {
      if (length !== 13) throw new PngFormatError('IHDR has the wrong length');
      info = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8]!,
        colorType: data[9]!,
        interlaced: data[12] === 1,
        hasAlpha: false,
      };
    } else if (type === 'tRNS') {
      transparency = true;
    } else if (type === 'pHYs' && length === 9 && data[8] === 1) {
      const x = data.readUInt32BE(0);
      if (x > 0 && x === data.readUInt32BE(4)) info!.pixelsPerMm = x / 1000;
    } else if (type === 'IDAT' || type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  if (!info) throw new PngFormatError('no IHDR');
  info.hasAlpha = info.colorType === GREY_ALPHA || info.colorType === RGB_ALPHA || (info.colorType === PALETTE && transparency);
  return info;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * An 8-bit RGBA PNG of `rgba` (row-major, 4 bytes a pixel), with its physical size in pHYs when
 * given. Filter 0 on every row and a fixed zlib level: the same pixels give the same bytes.
 */
export function encodePng(width: number, height: number, rgba: Uint8Array, pixelsPerMm?: number): Uint8Array {
  if (rgba.length !== width * height * 4) throw new Error('RGBA buffer does not match the size');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = RGB_ALPHA;
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(rows, y * (width * 4 + 1) + 1);
  const chunks = [PNG_SIGNATURE, chunk('IHDR', ihdr)];
  if (pixelsPerMm) {
    const phys = Buffer.alloc(9);
    const perMetre = Math.round(pixelsPerMm * 1000);
    phys.writeUInt32BE(perMetre, 0);
    phys.writeUInt32BE(perMetre, 4);
    phys[8] = 1;
    chunks.push(chunk('pHYs', phys));
  }
  chunks.push(chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(chunks);
}
