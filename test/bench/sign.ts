import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exampleLetter } from '../../shared/pdf/example-letter';
import type { LetterModel } from '../../shared/pdf/letter-model';
import { addNumberAndDate } from '../../shared/pdf/number-stamp';
import { renderLetter } from '../../shared/pdf/render-letter';
import { signPdf } from '../../shared/pdf/sign-pdf';
import { checkPdf } from '../../shared/pdf/verify-pdf';
import { LocalCa } from '../../shared/signing/local-ca';
import { ms, percentile, timeIt } from './stats';

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
    console.log(`  verify both signatures   ${ms(verify)}`);
    console.log(`sizes: unsigned ${(base.length / 1024).toFixed(1)} KiB, signed ${(bySigner.length / 1024).toFixed(1)} KiB, ` +
      `issued ${(issued.length / 1024).toFixed(1)} KiB (${issued.length} bytes; the plain render is ${(plain / 1024).toFixed(1)} KiB)`);
    console.log(
      'dominant cost per update: pdf-lib parsing the whole file again (~2 ms, growing with each revision) and building the CMS ' +
        'with @peculiar/asn1-schema (a few ms); the RSA signature itself is under 1 ms locally (KMS adds a network round trip in AWS)',
    );
    const lo = sofficeMs(dir);
    if (lo !== undefined) console.log(`LibreOffice text → PDF    ${ms(lo)} (${(lo / render).toFixed(0)}× our warm render)`);
    else console.log('LibreOffice               soffice not installed: no comparison');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
