import { listUnits } from '../../shared/data/directory-repo';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { unitsQuery } from '../../shared/schemas/directory';
import { fold } from '../../shared/services/directory';

export const handler = httpHandler(route('units-list'), { query: unitsQuery }, async ({ query }) => {
  const needle = query.q ? fold(query.q) : undefined;
  const items = (await listUnits()).filter(
    (u) => (!query.kind || u.kind === query.kind) && (!needle || fold(`${u.name} ${u.code}`).includes(needle)),
  );
  return { body: { items } };
});
