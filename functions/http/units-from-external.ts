import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { unitFromExternalSchema } from '../../shared/schemas/directory';
import { contextFor } from '../../shared/services/context';
import { createUnitFromExternal } from '../../shared/services/directory';

/** POST /units/from-external: an administrator makes a directory unit of a recipient outside the directory. */
export const handler = httpHandler(route('units-from-external'), { body: unitFromExternalSchema }, async ({ body, actor }) => ({
  status: 201,
  body: await createUnitFromExternal(contextFor(actor), body),
}));
