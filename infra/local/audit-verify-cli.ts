import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir, LOCAL_TABLE_NAME } from './paths';

/**
 * `npm run audit:verify`: verifies every audit chain of the running local stack's table (DYNAMODB_PORT,
 * 8000 by default) against its head and the latest seal in the S3 stand-in (S3_PORT, 4568). Prints a
 * summary; exits 1 naming the first broken link (entity, chain, event), 2 when the stack cannot be read.
 */
export function localEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const dynamoPort = Number(env['DYNAMODB_PORT'] ?? 8000);
  const s3Port = Number(env['S3_PORT'] ?? 4568);
  return {
    TABLE_NAME: LOCAL_TABLE_NAME,
    PDF_BUCKET: 'cong-van-pdf-local',
    MAIL_FROM: 'van-thu@example.gov.vn',
    PUBLIC_BASE_URL: 'http://localhost:3000',
    AWS_REGION: 'ap-southeast-1',
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamoPort}`,
    S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
    SIGNING_BACKEND: 'local',
    LOCAL_CA_DIR: path.join(defaultDataDir, 'ca'),
    // DynamoDB Local runs with -sharedDb and s3rver accepts these: any credentials see the same data.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
  };
}

/** Verifies every chain; the exit code and the lines to print. */
export async function auditVerify(): Promise<{ code: number; lines: string[] }> {
  const [{ verifyAllAudit }, { useLocalCa }, { localCa }] = await Promise.all([
    import('../../shared/services/audit-verification'),
    import('../../shared/signing/signers'),
    import('../../shared/signing/local-ca'),
  ]);
  useLocalCa(localCa); // SIGNING_BACKEND=local: the seal is checked against the development CA's root
  const report = await verifyAllAudit();
  const seal = report.seal ? `niêm phong ${report.seal.sealedAt} (${report.seal.valid ? 'hợp lệ / valid' : 'KHÔNG hợp lệ / NOT valid'})` : 'chưa có niêm phong / no seal yet';
  const summary = `${report.entities} thực thể / entities, ${report.events} sự kiện / events, ${report.legacy} sự kiện trước chuỗi / pre-chain events; ${seal}`;
  if (report.intact) return { code: 0, lines: [`✔ Nhật ký thao tác nguyên vẹn / Audit trail intact: ${summary}`] };
  const b = report.break!;
  return {
    code: 1,
    lines: [
      `✖ Nhật ký thao tác bị sửa đổi / Audit trail tampered with: ${b.entity}${b.chain ? ` [${b.chain}]` : ''}${b.seq !== undefined ? `, sự kiện / event ${b.seq}` : ''}${b.event ? ` (${b.event})` : ''}: ${b.kind}: ${b.message}`,
      ...report.broken.slice(1, 20).map((x) => `  also ${x.entity}${x.break.chain ? ` [${x.break.chain}]` : ''}: ${x.break.kind} at ${x.break.seq ?? '-'}`),
      summary,
    ],
  };
}

async function main(): Promise<void> {
  for (const [k, v] of Object.entries(localEnvironment())) process.env[k] ??= v;
  try {
    const { code, lines } = await auditVerify();
    for (const line of lines) (code === 0 ? console.log : console.error)(line);
    process.exit(code);
  } catch (error) {
    console.error(`✖ Không đọc được bảng của npm start / Cannot read the table of npm start (${(error as Error).name}: ${(error as Error).message})`);
    process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
