import { Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailIdentity, EmailSendingEvent, EventDestination, Identity } from 'aws-cdk-lib/aws-ses';
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
  /** The identity's default configuration set: bounces, complaints and deliveries go to EventBridge. */
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: MailSenderProps) {
    super(scope, id);
    this.mailFrom = props.mailFrom;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet');
    // SES publishes only to the account's default bus; a rule there hands the events to the ses-events function.
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.DELIVERY],
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: props.identity.includes('@') ? Identity.email(props.identity) : Identity.domain(props.identity),
      // The default configuration set applies to every email from this identity, so the code sends as before.
      configurationSet: this.configurationSet,
    });
  }

  /**
   * SendEmail (what shared/mail/mailer.ts calls; SendRawEmail is not granted until code calls it), only as
   * `mailFrom`. Note: while the account is in the SES sandbox, SES also checks the recipients'
   * identities; production access removes that.
   */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          this.identity.emailIdentityArn,
          Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.mailFrom } },
      }),
    );
  }
}
