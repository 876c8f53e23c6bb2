import { benchAcknowledge } from './acknowledge';
import { benchIssue } from './issue';
import { benchRender } from './render';
import { benchSign } from './sign';

/**
 * `npm run bench`: speed figures, printed, never asserted (timings on shared machines are noisy;
 * compare ratios within one run). `npm run bench -- render` runs one part.
 */
const parts: Record<string, () => Promise<void>> = { render: benchRender, sign: benchSign, issue: benchIssue, acknowledge: benchAcknowledge };
const wanted = process.argv.slice(2).filter((a) => a in parts);

for (const name of wanted.length ? wanted : Object.keys(parts)) await parts[name]!();
