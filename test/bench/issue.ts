import { exampleDispatchContent } from '../../infra/local/demo-data';
import { db } from '../../shared/data/client';
import { startTestStack } from '../support/local-stack';
import { meterDynamo } from './dynamo-meter';
import { ms, timeIt } from './stats';

/**
 * The foundation's path on the local stack: how long the stack takes to start and seed, and how long
 * issuing the example dispatch takes, from the issue call until every addressed unit's email is in
 * the SES emulator (PDF rendered and stored, recipients created, one email each, off the request path).
 */
export async function benchIssue(): Promise<void> {
  const started = await timeIt(() => startTestStack());
  const stack = started.value;
  try {
    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    const signer = await stack.tokenFor('u-nguyen-van-luc', ['signer']);
    const created = await stack.api('POST', '/dispatches', { token: clerk, body: exampleDispatchContent() });
    const id = created.json.id as string;
    await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 1 } });
    await stack.api('POST', `/dispatches/${id}/sign`, { token: signer, body: { version: 2 } });

    // Every DynamoDB call from the issue call to the last e-mail recorded: numbering, delivery (PDF,
    // recipients), enqueueing, claims, send slots, recording; per e-mail for the scale note (docs/scale.md).
    const meter = meterDynamo(db());
    const call = await timeIt(() => stack.api('POST', `/dispatches/${id}/issue`, { token: clerk, body: { version: 3 } }));
    if (call.value.status !== 200) throw new Error(`issue failed: ${call.value.status} ${call.value.text}`);
    const symbol = call.value.json.symbol as string;
    const whole = await timeIt(() => stack.whenIdle());
    const mails = (await stack.sesStore()).filter((m) => m.subject.includes(symbol));
    // The recipient list is paged (issue 10): count every page.
    let records = 0;
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await stack.api('GET', `/dispatches/${id}/recipients?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: clerk });
      records += page.json.items.length;
      cursor = page.json.cursor;
    }

    console.log('\n# Issue the example dispatch on the local stack (DynamoDB Local, SES and S3 emulators)');
    console.log(`stack start + demo seed ${ms(started.ms)}`);
    console.log(`issue call (number)     ${ms(call.ms)}`);
    console.log(`issue call → all mail   ${ms(call.ms + whole.ms)} for ${mails.length} emails, ${records} recipient records`);
    console.log(`DynamoDB per e-mail     ${meter.describe(mails.length)}`);
    console.log(`capacity per e-mail     ${((meter.tableWcu + meter.indexWcu) / mails.length).toFixed(2)} WCU (${(meter.indexWcu / mails.length).toFixed(2)} on indexes), ${(meter.rcu / mails.length).toFixed(2)} RCU`);
  } finally {
    await stack.stop();
  }
}
