import { exampleDispatchContent } from './demo-data';

/**
 * Prints the example dispatch as the JSON body of `POST /dispatches`:
 *   npm run --silent example > dispatch.json
 */
process.stdout.write(`${JSON.stringify(exampleDispatchContent(), null, 2)}\n`);
