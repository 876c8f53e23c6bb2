import { it, expect } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { startTestStack } from '../support/local-stack';
it('probe', async () => {
  const stack = await startTestStack();
  const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
  const signer = await stack.tokenFor('u-nguyen-van-luc', ['signer']);
  const created = await stack.api('POST', '/dispatches', { token: clerk, body: exampleDispatchContent() });
  console.log(created.status, JSON.stringify(created.json.content?.signer), JSON.stringify(created.json.content?.issuer));
  const id = created.json.id;
  console.log((await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 1 } })).text.slice(0, 300));
  console.log((await stack.api('POST', `/dispatches/${id}/sign`, { token: signer, body: { version: 2 } })).text.slice(0, 300));
  console.log((await stack.api('POST', `/dispatches/${id}/issue`, { token: clerk, body: { version: 3 } })).text.slice(0, 600));
  const admin = await stack.tokenFor('u-admin', ['admin']);
  console.log('admin create', (await stack.api('POST', '/dispatches', { token: admin, body: exampleDispatchContent() })).status);
  const adminPage = await stack.api('GET', '/app/dispatches/new', { headers: { cookie: `cv_staff=${admin}` } });
  console.log('admin page', adminPage.status);
  await stack.stop();
}, 120000);
