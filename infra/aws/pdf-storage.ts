import { Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * Key prefix of every stored PDF (see `pdfKeyOf` in shared/services/letter.ts; a test keeps the two
 * in step). Object grants stop at this prefix.
 */
export const PDF_KEY_PREFIX = 'dispatches/';

/** Key prefix of the seal and signature images (shared/data/signature-image-store.ts; a test keeps them in step). */
export const IMAGE_KEY_PREFIX = 'images/';

/** How long server access logs are kept. */
const ACCESS_LOG_DAYS = 365;

/**
 * The bucket of issued, signed letters: private, encrypted, TLS only, versioned (an overwrite never
 * loses an issued document), with server access logs in a second bucket.
 */
export class PdfStorage extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Server access log delivery requires SSE-S3 on the target bucket.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, 'Pdfs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // SSE-S3: encrypted at rest, and the short-lived download links work without KMS grants.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'pdfs/',
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // NIST 800-53 R5 findings, with why they do not apply to these two buckets.
    const noReplication = {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'The app is deployed to one region by design (where its data lives is the agency\'s decision); the PDF bucket is versioned and retained on stack deletion, and the table records every document\'s hash, so a lost object is detected and reissued rather than replicated.',
    };
    Validations.of(this.accessLogs).acknowledge(
      noReplication,
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'S3 server access log delivery supports only SSE-S3 on the target bucket, so a KMS key cannot be its default encryption.' },
      { id: 'NIST.800.53.R5-S3BucketVersioningEnabled', reason: `Access logs are written once by the S3 logging service, never overwritten, and expire after ${ACCESS_LOG_DAYS} days; versioning would only keep the expired copies.` },
    );
    Validations.of(this.bucket).acknowledge(noReplication, {
      id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason: 'SSE-S3 on purpose: recipients download issued letters through short-lived presigned links, which with a KMS key would need every link route to hold kms:Decrypt; the letters are public correspondence once delivered and signed, so a customer key adds no control here.',
    });
  }

  /** Object-level access under the PDF prefix only: GetObject to read (and presign), PutObject to store. */
  grant(role: IRole, access: { read: boolean; write: boolean }): void {
    this.grantPrefix(role, PDF_KEY_PREFIX, access, `Object keys are made per dispatch at run time (${PDF_KEY_PREFIX}<year>/<issuer>/<number>-<id>.pdf), so an object grant needs a wildcard; it stops at the PDF prefix of this one bucket.`);
  }

  /**
   * Object-level access under the images prefix only: the functions that sign read the seal and
   * signature images, the upload routes store them; neither reaches the dispatches' PDFs through it.
   */
  grantImages(role: IRole, access: { read: boolean; write: boolean }): void {
    this.grantPrefix(role, IMAGE_KEY_PREFIX, access, `Image keys are made per agency and person at run time (${IMAGE_KEY_PREFIX}agencies/<code>/seal.png, ${IMAGE_KEY_PREFIX}people/<id>/signature.png), so an object grant needs a wildcard; it stops at the images prefix of this one bucket.`);
  }

  private grantPrefix(role: IRole, prefix: string, access: { read: boolean; write: boolean }, reason: string): void {
    const actions = [...(access.read ? ['s3:GetObject'] : []), ...(access.write ? ['s3:PutObject'] : [])];
    if (actions.length === 0) return;
    role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [this.bucket.arnForObjects(`${prefix}*`)] }));
    const cfnBucket = this.bucket.node.defaultChild as CfnBucket;
    // cdk-nag names the bucket as the policy's template does: by logical id in this stack, and in a
    // nested stack (the route functions) by the parameter CDK passes the bucket's ARN in.
    const bucketArn =
      Stack.of(role) === Stack.of(this) ? `${Stack.of(this).resolve(cfnBucket.logicalId) as string}.Arn` : `referenceto${Names.uniqueId(cfnBucket)}Arn`;
    Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${bucketArn}>/${prefix}*]`, reason });
  }
}
