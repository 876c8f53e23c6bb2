import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailSenderProps {
  /** The From address of every email. */
  readonly mailFrom: string;
  /** The identity SES verifies: the address itself or its domain. */
  readonly identity: string;
}

/**
 * The SES identity the product sends from. A domain identity is DKIM-signed (Easy DKIM): its three
 * CNAME records are stack outputs to publish in the domain's DNS. Sending is granted per function,
 * on this identity only and for this From address only.
 */
export class MailSender extends Construct {
  readonly identity: EmailIdentity;
  readonly mailFrom: string;

  constructor(scope: Construct, id: string, props: MailSenderProps) {
    super(scope, id);
    this.mailFrom = props.mailFrom;
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: props.identity.includes('@') ? Identity.email(props.identity) : Identity.domain(props.identity),
    });
  }

  /**
   * SendEmail (what shared/mail/mailer.ts calls) and SendRawEmail (attachments later), only as
   * `mailFrom`. Note: while the account is in the SES sandbox, SES also checks the recipients'
   * identities; production access removes that.
   */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [this.identity.emailIdentityArn],
        conditions: { StringEquals: { 'ses:FromAddress': this.mailFrom } },
      }),
    );
  }
}
