import { spawnSync } from 'node:child_process';
import { benchAcknowledge } from './acknowledge';
import { benchBundles } from './bundles';
import { benchFanOut } from './fanout';
import { benchInitBaseline } from './init-baseline';
import { benchIssue } from './issue';
import { benchLinkFlood } from './link-flood';
import { benchRender } from './render';
import { benchSign } from './sign';

/**
 * `npm run bench`: speed figures, printed, never asserted (timings on shared machines are noisy;
 * compare ratios within one run). `npm run bench -- render` runs one part.
 *
 * Each part runs in a process of its own: a local stack's handlers keep their configuration and
 * clients for the life of the process (as a Lambda container does), so two stacks cannot share one.
 */
const parts: Record<string, () => Promise<void>> = { render: benchRender, sign: benchSign, issue: benchIssue, acknowledge: benchAcknowledge, fanout: benchFanOut, 'link-flood': benchLinkFlood, bundles: benchBundles };
/** Run only when named: they check out and install another commit. */
const onDemand: Record<string, () => Promise<void>> = { 'init-baseline': benchInitBaseline };
const all = { ...parts, ...onDemand };
const wanted = process.argv.slice(2).filter((a) => a in all);

if (wanted.length === 1) {
  await all[wanted[0]!]!();
} else {
  let failed = 0;
  for (const name of wanted.length ? wanted : Object.keys(parts)) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, name], { stdio: 'inherit' });
    if (child.status !== 0) failed++;
  }
  process.exitCode = failed ? 1 : 0;
}
