import { CfnOutput, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, Role, type IPrincipal } from 'aws-cdk-lib/aws-iam';

/**
 * The principal the KMS key policies name as administrator (manage, rotate, disable, schedule deletion;
 * never Sign): the role given as `-c keyAdminRoleArn=arn:aws:iam::<account>:role/<name>` (an existing
 * operators' role, e.g. an IAM Identity Center permission set's role), or else a role created here that
 * only principals of this account whom their IAM policies allow sts:AssumeRole on it can assume.
 */
export function keyAdministrators(stack: Stack): IPrincipal {
  const arn = stack.node.tryGetContext('keyAdminRoleArn') as string | undefined;
  if (arn) return Role.fromRoleArn(stack, 'KeyAdministrators', arn, { mutable: false });
  const role = new Role(stack, 'KeyAdministrators', {
    assumedBy: new AccountRootPrincipal(),
    description: 'Administers the signing keys (KMS key policies name this role); cannot sign',
  });
  new CfnOutput(stack, 'KeyAdministratorsRoleArn', { value: role.roleArn, description: 'Role named as administrator in the signing keys\' policies' });
  return role;
}
