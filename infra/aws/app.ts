/**
 * CDK entry point (`cdk.json`: `npx tsx infra/aws/app.ts`). Synthesis happens when the process exits,
 * as the CDK CLI expects; everything is built in create-app.ts so tests can build the same app.
 */
import { createApp } from './create-app';

createApp();
