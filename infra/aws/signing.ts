import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { certificateParameterOf, kmsAliasOf } from '../../shared/signing/signer';

export interface SigningKeysProps {
  /** SIGNING_KEY_PREFIX. */
  readonly prefix: string;
  /** `agency-<issuer code>` and `person-<staff user id>`, as shared/signing/signer.ts names them. */
  readonly identities: readonly string[];
}

/**
 * One asymmetric KMS key per signing identity (RSA 2048, SIGN_VERIFY): the private key never leaves
 * KMS; the functions that sign get kms:Sign on these keys and nothing else of KMS. Certificates are
 * SSM parameters written when the keys are certified (infra/aws/README.md, "Signing keys and
 * certificates"); functions get read access to exactly those parameter names.
 */
export class SigningKeys extends Construct {
  readonly keys = new Map<string, Key>();
  /** The deployment's own CA key: certifies the others (infra/aws/certify.ts); no function may use it. */
  readonly caKey: Key;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: SigningKeysProps,
  ) {
    super(scope, id);
    this.caKey = this.signingKey('ca', 'Certificate authority key of the deployment (certifies the signing keys)');
    for (const identity of props.identities) this.keys.set(identity, this.signingKey(identity, `Signing key of ${identity} (công văn e-signatures)`));
  }

  private signingKey(identity: string, description: string): Key {
    return new Key(this, identity === 'ca' ? 'CertificateAuthority' : identity.replace(/[^A-Za-z0-9]/g, ''), {
      keySpec: KeySpec.RSA_2048,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: kmsAliasOf(this.props.prefix, identity),
      description,
      // Deleting a signing key would leave its signatures unverifiable against a live key; keep it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private parameterArns(names: readonly string[]): string[] {
    const stack = Stack.of(this);
    // Parameter names start with "/", which the ARN's resource part leaves out.
    return names.map((name) => stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) }));
  }

  /** The roots verification trusts: the deployment's CA (`ca`) and the roots of imported chains (`roots`). */
  private rootParameters(): string[] {
    return ['ca', 'roots'].map((id) => certificateParameterOf(this.props.prefix, id));
  }

  /** kms:Sign on every signing key, and read access to each identity's certificate chain and the roots. */
  grantSign(role: IRole): void {
    for (const key of this.keys.values()) key.grant(role, 'kms:Sign');
    const names = [...this.props.identities.map((id) => certificateParameterOf(this.props.prefix, id)), ...this.rootParameters()];
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: this.parameterArns(names) }));
  }

  /** Read access to the root certificates, which verification trusts. */
  grantVerify(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: this.parameterArns(this.rootParameters()) }));
  }

  /**
   * Certification by the agency's CA (issue 12 §3): kms:GetPublicKey and kms:Sign on the identities'
   * keys (a CSR is signed by the key it certifies; never the deployment's CA key), and the chains and
   * imported roots written where the signers read them. Nothing else of KMS or SSM.
   */
  grantCertify(role: IRole): void {
    for (const key of this.keys.values()) key.grant(role, 'kms:GetPublicKey', 'kms:Sign');
    const chains = this.props.identities.map((id) => certificateParameterOf(this.props.prefix, id));
    const imported = certificateParameterOf(this.props.prefix, 'roots');
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: this.parameterArns([...chains, ...this.rootParameters()]) }));
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:PutParameter'], resources: this.parameterArns([...chains, imported]) }));
  }
}
