import { Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type IPrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { certificateParameterOf, kmsAliasOf } from '../../shared/signing/signer';
import { grantKeyUse, nameKeyAdministrators } from './signing';

/** Key prefix of the seals (shared/data/audit-seal-store.ts). */
export const AUDIT_SEAL_PREFIX = 'audit-seals/';
/** The signing identity of the seals (shared/services/audit-verification.ts AUDIT_IDENTITY → identityId). */
export const AUDIT_SEAL_IDENTITY = 'service-audit';
/** How long a seal cannot be deleted or overwritten by anyone, the account's root included. */
const SEAL_RETENTION_DAYS = 3650;

/**
 * The audit seals (issue 13): a bucket with Object Lock in compliance mode, so a seal once written
 * cannot be changed or deleted for ten years, and the seal's own KMS key, which only the seal job may
 * use (no document signer can sign a seal, the seal job can sign no document).
 */
export class AuditSeals extends Construct {
  readonly bucket: Bucket;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { accessLogs: Bucket; signingKeyPrefix: string; administrators: IPrincipal }) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Seals', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(SEAL_RETENTION_DAYS)),
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'audit-seals/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key = new Key(this, 'SealKey', {
      keySpec: KeySpec.RSA_2048,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: kmsAliasOf(props.signingKeyPrefix, AUDIT_SEAL_IDENTITY),
      description: 'Signing key of the audit seals (never of a document)',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    nameKeyAdministrators(this.key, props.administrators);
    Validations.of(this.bucket).acknowledge(
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'One region by design; a seal is a signed hash of the audit chain heads, locked in compliance mode for ten years and verifiable from the table again, so a replica adds no evidence.' },
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'A seal holds hashes and a signature, nothing confidential; its protection is integrity (Object Lock in compliance mode and the seal key\'s signature), which a KMS key for encryption at rest would not add to.' },
    );
    this.prefix = props.signingKeyPrefix;
  }

  private readonly prefix: string;

  private acknowledgeObjects(role: IRole): void {
    const cfnBucket = this.bucket.node.defaultChild as CfnBucket;
    const bucketArn =
      Stack.of(role) === Stack.of(this) ? `${Stack.of(this).resolve(cfnBucket.logicalId) as string}.Arn` : `referenceto${Names.uniqueId(cfnBucket)}Arn`;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketArn}>/${AUDIT_SEAL_PREFIX}*]`,
      reason: `Seal object keys are made per seal at run time (${AUDIT_SEAL_PREFIX}<inverted time>.json), so an object grant needs a wildcard; it stops at the seal prefix of this one bucket.`,
    });
  }

  /** The seal job: sign with the seal key (and read its certificate), write new seals. */
  grantSeal(role: IRole): void {
    grantKeyUse(role, [this.key], ['kms:Sign']);
    const stack = Stack.of(this);
    const params = [AUDIT_SEAL_IDENTITY, 'ca'].map((id) => stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: certificateParameterOf(this.prefix, id).slice(1) }));
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: params }));
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(`${AUDIT_SEAL_PREFIX}*`)] }));
    this.acknowledgeObjects(role);
  }

  /** Verification: list and read seals (the CA certificate comes with the `verify` grant). */
  grantRead(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${AUDIT_SEAL_PREFIX}*`)] }));
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${AUDIT_SEAL_PREFIX}*`] } } }),
    );
    this.acknowledgeObjects(role);
  }
}
