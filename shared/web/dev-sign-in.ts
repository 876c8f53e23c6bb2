import { config } from '../config';
import type { DemoUserView } from '../domain/views/demo-user';

/**
 * DEV ONLY: signing in as a demo user through the local identity issuer. It works only where the local
 * stack set LOCAL_DEV_SIGN_IN_URL and never inside a real Lambda (which always has AWS_LAMBDA_FUNCTION_NAME),
 * so a stray variable in AWS cannot turn it on; the AWS stack does not set it anyway (a CDK test checks).
 */
export type { DemoUserView } from '../domain/views/demo-user';

export function devSignInUrl(): string | undefined {
  if (process.env['AWS_LAMBDA_FUNCTION_NAME']) return undefined;
  return config().LOCAL_DEV_SIGN_IN_URL;
}

export async function demoUsers(): Promise<DemoUserView[]> {
  const url = devSignInUrl();
  if (!url) return [];
  const response = await fetch(url.replace(/\/sign-in$/, '/users'));
  if (!response.ok) return [];
  return ((await response.json()) as { items: DemoUserView[] }).items;
}

/** The access token the local issuer mints for a demo user, or undefined for an unknown user. */
export async function devSignIn(userId: string): Promise<string | undefined> {
  const url = devSignInUrl();
  if (!url) return undefined;
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  if (!response.ok) return undefined;
  return ((await response.json()) as { token: string }).token;
}
