/**
 * Small helpers over asn1js for the few structures no installed @peculiar package models (RFC 3161
 * time-stamps, RFC 6960 OCSP, RFC 5035 ESS): building DER from nodes and walking a parsed tree.
 * Readers throw on anything unexpected; callers of untrusted input catch.
 */
import * as asn1js from 'asn1js';

export type Node = asn1js.AsnType;

export const toDer = (node: { toBER(sizeOnly?: boolean): ArrayBuffer }) => new Uint8Array(node.toBER(false));
export const view = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export const seq = (...value: Node[]) => new asn1js.Sequence({ value });
export const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
export const int = (value: number) => new asn1js.Integer({ value });
/** A positive INTEGER from big-endian bytes (the first byte below 0x80, as our serials are). */
export const intBytes = (bytes: Uint8Array) => new asn1js.Integer({ valueHex: view(bytes) });
export const octets = (bytes: Uint8Array) => new asn1js.OctetString({ valueHex: view(bytes) });
/** Whole seconds: a DER GeneralizedTime carries no fraction of zeros. */
export const time = (date: Date) => new asn1js.GeneralizedTime({ valueDate: new Date(Math.floor(date.getTime() / 1000) * 1000) });
/** Already-encoded DER spliced into a tree. */
export const raw = (der: Uint8Array | ArrayBuffer): Node => {
  const parsed = asn1js.fromBER(der instanceof ArrayBuffer ? der : view(der));
  if (parsed.offset === -1) throw new Error('Malformed DER');
  return parsed.result;
};
/** `[n] EXPLICIT` around a node. */
export const explicit = (tagNumber: number, inner: Node) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: [inner] });
/** `[n] IMPLICIT` primitive content (e.g. OCSP's `good [0] IMPLICIT NULL`). */
export const implicitPrimitive = (tagNumber: number, content = new Uint8Array(0)) =>
  new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber }, valueHex: view(content) });
export const sha256Algorithm = () => seq(oid('2.16.840.1.101.3.4.2.1'));

/** Parses exactly one DER element; trailing bytes are refused. */
export function parse(der: Uint8Array): Node {
  const parsed = asn1js.fromBER(view(der));
  if (parsed.offset === -1 || parsed.offset !== der.length) throw new Error('Malformed DER');
  return parsed.result;
}

export const children = (node: Node): Node[] => {
  const value = (node as asn1js.Constructed).valueBlock?.value;
  if (!Array.isArray(value)) throw new Error('Expected a constructed element');
  return value;
};
export const child = (node: Node, i: number): Node => {
  const c = children(node)[i];
  if (!c) throw new Error('Missing element');
  return c;
};
export const isContext = (node: Node, n: number) => node.idBlock.tagClass === 3 && node.idBlock.tagNumber === n;
export const oidOf = (node: Node): string => {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new Error('Expected an OID');
  return node.valueBlock.toString();
};
export const bytesOf = (node: Node): Uint8Array => {
  if (node instanceof asn1js.OctetString) return new Uint8Array(node.valueBlock.valueHexView);
  if (node instanceof asn1js.Integer) return new Uint8Array(node.valueBlock.valueHexView);
  if (node instanceof asn1js.BitString) return new Uint8Array(node.valueBlock.valueHexView);
  const hex = (node as asn1js.Primitive).valueBlock?.valueHexView;
  if (hex) return new Uint8Array(hex);
  throw new Error('Expected a primitive element');
};
export const intOf = (node: Node): number => {
  if (!(node instanceof asn1js.Integer)) throw new Error('Expected an INTEGER');
  return node.valueBlock.valueDec;
};
export const dateOf = (node: Node): Date => {
  if (node instanceof asn1js.GeneralizedTime || node instanceof asn1js.UTCTime) return node.toDate();
  throw new Error('Expected a time');
};
