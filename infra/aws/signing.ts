import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IPrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { certificateParameterOf, kmsAliasOf } from '../../shared/signing/signer';

export interface SigningKeysProps {
  /** SIGNING_KEY_PREFIX. */
  readonly prefix: string;
  /** `agency-<issuer code>` and `person-<staff user id>`, as shared/signing/signer.ts names them. */
  readonly identities: readonly string[];
  /** Who administers the keys (key policy: create, disable, schedule deletion …; never Sign). */
  readonly administrators: IPrincipal;
}

/** The roles a signing function can sign for: a person (the signer's routes) or an agency (delivery). */
export type SigningRole = 'person' | 'agency';

/**
 * What every kms:Sign grant is pinned to: the one algorithm and message type shared/signing/kms-signer.ts
 * uses, so a stolen role cannot have a key sign raw messages or with another padding.
 */
export const SIGN_CONDITIONS = {
  StringEquals: { 'kms:SigningAlgorithm': 'RSASSA_PKCS1_V1_5_SHA_256', 'kms:MessageType': 'DIGEST' },
} as const;

/**
 * What the key policies let the administrators' role do: manage the key, never use it (no Sign, no
 * GetPublicKey needed). Written into the key policy itself, so the key names its administrators
 * rather than only trusting the account root's IAM policies.
 */
const KEY_ADMIN_ACTIONS = [
  'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy', 'kms:ListResourceTags', 'kms:TagResource', 'kms:UntagResource',
  'kms:EnableKey', 'kms:DisableKey', 'kms:UpdateKeyDescription', 'kms:UpdateAlias', 'kms:CreateAlias', 'kms:DeleteAlias',
  'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant', 'kms:RetireGrant',
];

/** Names the administrators' role in a key's policy (`*` in a key policy means this key). */
export function nameKeyAdministrators(key: Key, administrators: IPrincipal): void {
  key.addToResourcePolicy(new PolicyStatement({ sid: 'KeyAdministrators', principals: [administrators], actions: KEY_ADMIN_ACTIONS, resources: ['*'] }));
}

/** kms:Sign (and any other actions) on `keys`, under SIGN_CONDITIONS when Sign is among them. */
export function grantKeyUse(role: IRole, keys: readonly Key[], actions: readonly string[]): void {
  if (keys.length === 0) return;
  const arns = keys.map((k) => k.keyArn);
  const other = actions.filter((a) => a !== 'kms:Sign');
  if (actions.includes('kms:Sign')) role.addToPrincipalPolicy(new PolicyStatement({ actions: ['kms:Sign'], resources: arns, conditions: SIGN_CONDITIONS }));
  if (other.length > 0) role.addToPrincipalPolicy(new PolicyStatement({ actions: other, resources: arns }));
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
    const key = new Key(this, identity === 'ca' ? 'CertificateAuthority' : identity.replace(/[^A-Za-z0-9]/g, ''), {
      keySpec: KeySpec.RSA_2048,
      keyUsage: KeyUsage.SIGN_VERIFY,
      alias: kmsAliasOf(this.props.prefix, identity),
      description,
      // Deleting a signing key would leave its signatures unverifiable against a live key; keep it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    nameKeyAdministrators(key, this.props.administrators);
    return key;
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

  /** The identities of one signing role (`person-…` or `agency-…`). */
  identitiesOf(kind: SigningRole): string[] {
    return this.props.identities.filter((id) => id.startsWith(`${kind}-`));
  }

  /**
   * kms:Sign on the keys of one role only (the signer's routes sign as people, delivery as the agency),
   * pinned to the algorithm, and read access to those identities' certificate chains and the roots.
   */
  grantSign(role: IRole, kind: SigningRole): void {
    const identities = this.identitiesOf(kind);
    grantKeyUse(role, identities.map((id) => this.keys.get(id)!), ['kms:Sign']);
    const names = [...identities.map((id) => certificateParameterOf(this.props.prefix, id)), ...this.rootParameters()];
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
    grantKeyUse(role, [...this.keys.values()], ['kms:GetPublicKey', 'kms:Sign']);
    const chains = this.props.identities.map((id) => certificateParameterOf(this.props.prefix, id));
    const imported = certificateParameterOf(this.props.prefix, 'roots');
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: this.parameterArns([...chains, ...this.rootParameters()]) }));
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:PutParameter'], resources: this.parameterArns([...chains, imported]) }));
  }
}
