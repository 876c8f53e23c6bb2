import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exampleLetter } from '../../shared/pdf/example-letter';
import type { LetterModel } from '../../shared/pdf/letter-model';
import { addNumberAndDate } from '../../shared/pdf/number-stamp';
import { renderLetter } from '../../shared/pdf/render-letter';
import { addDocumentTimestamp, signPdf } from '../../shared/pdf/sign-pdf';
import { checkPdf } from '../../shared/pdf/verify-pdf';
import { addLongTermValidation, checkPdfLongTerm } from '../../shared/pdf/ltv';
import { LocalCa } from '../../shared/signing/local-ca';
import { httpRevocation } from '../../shared/signing/revocation';
import { httpTimestampAuthority } from '../../shared/signing/timestamp';
import { startTrustServices } from '../../infra/local/trust-services';
import { ms, percentile, timeIt } from './stats';
import type { Signer } from '../../shared/signing/signer';
import { PDFDocument } from 'pdf-lib';
import { agencyAppearance, signatureBlockOf, signatureWidgetOf, signerAppearance } from '../../shared/pdf/signature-appearance';
import { specimenSealPng, specimenSignaturePng } from '../../shared/pdf/specimen-images';

const letter: LetterModel = { ...exampleLetter, verificationUrl: 'https://congvan.example.gov.vn/verify/01JD5Q8Z3K4M5N6P7Q8R9S0T1V' };
const unnumbered: LetterModel = { ...letter, number: undefined, issuedOn: undefined };

async function p50(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timeIt(fn)).ms);
  return percentile(times.sort((a, b) => a - b), 50);
}

/** The letter as plain text, for LibreOffice to typeset the same words. */
function plainText(model: LetterModel): string {
  return [
    model.issuer.parent ?? '',
    model.issuer.name,
    `V/v ${model.subject}`,
    `Kính gửi: ${model.addresseeLines.join('; ')}`,
    model.opening ?? '',
    ...model.requirements.map((r) => `${r.n}. ${r.text}`),
    model.closing ?? '',
    model.signer.position,
    model.signer.name,
  ].join('\n\n');
}

/** LibreOffice converting the same text to PDF, when `soffice` is installed (not on CI). */
function sofficeMs(dir: string): number | undefined {
  if (spawnSync('soffice', ['--version']).status !== 0) return undefined;
  const input = path.join(dir, 'letter.txt');
  writeFileSync(input, plainText(letter));
  const start = performance.now();
  const run = spawnSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, input], { encoding: 'utf8' });
  const took = performance.now() - start;
  return run.status === 0 && statSync(path.join(dir, 'letter.pdf'), { throwIfNoEntry: false }) ? took : undefined;
}

/**
 * A whole letter's signing (signer at approval, number and date, agency at issue) as PAdES-B-LTA —
 * both signatures time-stamped, the DSS with OCSP and CRL data, the document time-stamp — against the
 * development CA's HTTP stand-ins (as the local stack runs them), beside the same steps without
 * time-stamps or LTV data (B-B). In AWS each TSA and OCSP call is a round trip to another host.
 */
async function benchPades(ca: LocalCa, person: Signer, agency: Signer, base: Uint8Array, runs: number): Promise<void> {
  const trust = await startTrustServices({ ca });
  try {
    ca.publishAt({ crl: trust.crlUrl, ocsp: trust.ocspUrl });
    const roots = await ca.trustedRoots();
    const tsa = httpTimestampAuthority(trust.tsaUrl, 5000);
    const revocation = httpRevocation({ caCrlUrl: trust.crlUrl, caOcspUrl: trust.ocspUrl, timeoutMs: 5000, caCertificates: async () => roots });
    const now = new Date();
    const options = (name: string, withTsa: boolean) => ({ fieldName: name, name, reason: name, signingTime: now, ...(withTsa ? { timestamp: tsa } : {}) });
    const plainLetter = async () => signPdf(await addNumberAndDate(await signPdf(base, person, options('Signer', false)), letter), agency, options('Agency', false));
    const steps = { sign: 0, stamp: 0, seal: 0, dss: 0, doc: 0 };
    const padesLetter = async () => {
      let t = performance.now();
      const signed = await signPdf(base, person, options('Signer', true));
      steps.sign += performance.now() - t;
      t = performance.now();
      const stamped = await addNumberAndDate(signed, letter);
      steps.stamp += performance.now() - t;
      t = performance.now();
      const sealed = await signPdf(stamped, agency, options('Agency', true));
      steps.seal += performance.now() - t;
      t = performance.now();
      const withDss = await addLongTermValidation(sealed, revocation, roots);
      steps.dss += performance.now() - t;
      t = performance.now();
      const out = await addDocumentTimestamp(withDss, tsa);
      steps.doc += performance.now() - t;
      return out;
    };
    const plain = await plainLetter();
    const pades = await padesLetter();
    for (const key of Object.keys(steps) as (keyof typeof steps)[]) steps[key] = 0;
    const plainMs = await p50(runs, plainLetter);
    const padesMs = await p50(runs, padesLetter);
    const verifyPlain = await p50(runs, () => checkPdfLongTerm(plain, roots));
    const verifyPades = await p50(runs, () => checkPdfLongTerm(pades, roots));
    const mean = (v: number) => ms(v / runs);
    console.log(`\n# PAdES per letter (signer + number + agency; development CA, TSA, OCSP and CRL over local HTTP; p50, n=${runs})`);
    console.log(`  without time-stamps or LTV (B-B)      ${ms(plainMs)}   ${(plain.length / 1024).toFixed(1)} KiB`);
    console.log(`  with time-stamps, DSS, doc time-stamp ${ms(padesMs)}   ${(pades.length / 1024).toFixed(1)} KiB (B-LTA)`);
    console.log(`    of which (means): signer+TSA ${mean(steps.sign)}, number ${mean(steps.stamp)}, agency+TSA ${mean(steps.seal)}, DSS (OCSP+CRL) ${mean(steps.dss)}, document time-stamp ${mean(steps.doc)}`);
    console.log(`  verify with levels: B-B file ${ms(verifyPlain)}, B-LTA file ${ms(verifyPades)}`);
  } finally {
    await trust.stop();
  }
}

/**
 * The visible signatures (issue 12 §2): the signer's signature image and the agency's seal as their
 * widgets' appearances, beside the same signatures invisible and with the text appearance. The
 * images are the demo specimens (10 KB signature, 22 KB seal, decoded and re-compressed by pdf-lib).
 */
async function benchImages(person: Signer, agency: Signer, base: Uint8Array, stamped: Uint8Array, runs: number): Promise<void> {
  const now = new Date();
  const signatureImage = specimenSignaturePng('Nguyễn Văn Lực');
  const sealImage = specimenSealPng(letter.issuer.code);
  const block = await signatureBlockOf(letter);
  const signerRect = signatureWidgetOf(await PDFDocument.load(stamped), 'Signer')?.rect ?? { x: block.centre - 60, y: block.gapBottom, width: 120, height: 70 };
  const signer = async (image?: Uint8Array, visible = true) =>
    signPdf(base, person, { fieldName: 'Signer', name: 'Signer', reason: 'r', signingTime: now, ...(visible ? { appearance: signerAppearance(block, 'Nguyễn Văn Lực', now, image) } : {}) });
  const seal = async (image?: Uint8Array, visible = true) =>
    signPdf(stamped, agency, { fieldName: 'Agency', name: 'Agency', reason: 'r', signingTime: now, ...(visible ? { appearance: await agencyAppearance(block, signerRect, letter.issuer.name, now, image) } : {}) });
  for (let i = 0; i < 3; i++) await Promise.all([signer(signatureImage), seal(sealImage)]);
  const rows = [
    ['invisible', await p50(runs, () => signer(undefined, false)), await p50(runs, () => seal(undefined, false)), (await signer(undefined, false)).length - base.length, (await seal(undefined, false)).length - stamped.length],
    ['text appearance', await p50(runs, () => signer()), await p50(runs, () => seal()), (await signer()).length - base.length, (await seal()).length - stamped.length],
    ['signature / seal image', await p50(runs, () => signer(signatureImage)), await p50(runs, () => seal(sealImage)), (await signer(signatureImage)).length - base.length, (await seal(sealImage)).length - stamped.length],
  ] as const;
  console.log(`  visible signatures, warm p50 (n=${runs}): signer update | agency update | bytes added by each`);
  for (const [name, a, b, sa, sb] of rows) console.log(`    ${name.padEnd(24)} ${ms(a)} | ${ms(b)} | ${(sa / 1024).toFixed(1)} KiB / ${(sb / 1024).toFixed(1)} KiB`);
}

/**
 * Signing the example dispatch with the development CA: the signer's signature at approval, then
 * the Văn thư's number, date and agency signature at issue, as the sign route and the delivery
 * consumer do. KMS adds its network round trip (tens of ms) to each signature in AWS.
 */
export async function benchSign(runs = 50): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cong-van-bench-'));
  try {
    const ca = new LocalCa(path.join(dir, 'ca'));
    const keyGen = await timeIt(async () => {
      await ca.ensureRoot();
      return Promise.all([
        ca.signerFor({ kind: 'person', userId: 'u-nguyen-van-luc', name: 'Nguyễn Văn Lực', organization: letter.issuer.name }),
        ca.signerFor({ kind: 'agency', code: letter.issuer.code, name: letter.issuer.name }),
      ]);
    });
    const [person, agency] = keyGen.value;
    const now = new Date();
    const options = (name: string) => ({ fieldName: name, name, reason: name, signingTime: now });

    const firstSigner = await timeIt(async () => signPdf(await renderLetter(unnumbered, { withoutNumberAndDate: true }), person, options('Signer')));
    const base = await renderLetter(unnumbered, { withoutNumberAndDate: true });
    const bySigner = await signPdf(base, person, options('Signer'));
    const stamped = await addNumberAndDate(bySigner, letter);
    const issued = await signPdf(stamped, agency, options('Agency'));
    const roots = await ca.trustedRoots();
    for (let i = 0; i < 5; i++) await signPdf(stamped, agency, options('Agency'));

    const render = await p50(runs, () => renderLetter(unnumbered, { withoutNumberAndDate: true }));
    const signerSign = await p50(runs, () => signPdf(base, person, options('Signer')));
    const stamp = await p50(runs, () => addNumberAndDate(bySigner, letter));
    const agencySign = await p50(runs, () => signPdf(stamped, agency, options('Agency')));
    const verify = await p50(runs, async () => checkPdf(issued, roots));
    const rsa = await p50(runs, () => person.signDigest(new Uint8Array(32)));
    const plain = (await renderLetter(letter)).length;

    console.log('\n# Sign the example dispatch (shared/pdf/sign-pdf.ts, number-stamp.ts; development CA)');
    console.log(`CA + 2 keys, first start   ${ms(keyGen.ms)} (RSA 2048 key generation; once per data directory)`);
    console.log(`signer: first render+sign  ${ms(firstSigner.ms)}`);
    console.log(`warm p50 (n=${runs}):`);
    console.log(`  render without number    ${ms(render)}`);
    console.log(`  signer signature         ${ms(signerSign)}  (of which RSA sign ${ms(rsa)})`);
    console.log(`  number + date stamp      ${ms(stamp)}`);
    console.log(`  agency signature         ${ms(agencySign)}`);
    console.log(`  verify both signatures   ${ms(verify)}  (the same file again: its CMS parse is kept per process)`);
    console.log(`sizes: unsigned ${(base.length / 1024).toFixed(1)} KiB, signed ${(bySigner.length / 1024).toFixed(1)} KiB, ` +
      `issued ${(issued.length / 1024).toFixed(1)} KiB (${issued.length} bytes; the plain render is ${(plain / 1024).toFixed(1)} KiB)`);
    console.log(
      'dominant cost per update: pdf-lib parsing the whole file again (~2 ms, growing with each revision) and building the CMS ' +
        'with @peculiar/asn1-schema (a few ms); the RSA signature itself is under 1 ms locally (KMS adds a network round trip in AWS)',
    );
    await benchImages(person, agency, base, stamped, runs);
    await benchPades(ca, person, agency, base, Math.min(runs, 20));
    const lo = sofficeMs(dir);
    if (lo !== undefined) console.log(`LibreOffice text → PDF    ${ms(lo)} (${(lo / render).toFixed(0)}× our warm render)`);
    else console.log('LibreOffice               soffice not installed: no comparison');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
