import { config } from '../../shared/config';
import { getPerson } from '../../shared/data/people-repo';
import { streamHandler } from '../../shared/events/stream';
import { cognitoIdentityDirectory } from '../../shared/identity/cognito';
import { syncIdentity } from '../../shared/identity/directory-identity';
import { logger } from '../../shared/logger';

/**
 * AWS only (see functions/consumers.ts `awsOnly`): keeps the Cognito account of each person in step with
 * their directory record. It syncs to the record as it is now (a consistent read), not to the stream
 * image, so a late retry of an older change never undoes a newer one.
 */
let identities: ReturnType<typeof cognitoIdentityDirectory> | undefined;

/** The pool's client, made once on the first record (configuration is read there, like every handler's). */
function directory() {
  if (!identities) {
    const userPoolId = config().STAFF_USER_POOL_ID;
    if (!userPoolId) throw new Error('Invalid configuration: STAFF_USER_POOL_ID is required by people-identity-sync');
    identities = cognitoIdentityDirectory(userPoolId);
  }
  return identities;
}

export const handler = streamHandler('people-identity-sync', async (image) => {
  const person = await getPerson(String(image['id']));
  if (!person) return;
  const changes = await syncIdentity(directory(), person);
  if (changes.length) logger.info('people-identity-sync: account updated', { personId: person.id, changes });
});
