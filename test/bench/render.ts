import { exampleLetter } from '../../shared/pdf/example-letter';
import { renderLetter } from '../../shared/pdf/render-letter';
import { ms, percentile, timeIt } from './stats';

/**
 * Rendering the example dispatch: the first render (fonts read and parsed) and warm renders, which
 * must stay cheap enough to preview on every keystroke of the form.
 */
export async function benchRender(runs = 100): Promise<void> {
  const first = await timeIt(() => renderLetter(exampleLetter));
  for (let i = 0; i < 10; i++) await renderLetter(exampleLetter);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timeIt(() => renderLetter(exampleLetter))).ms);
  times.sort((a, b) => a - b);
  console.log('\n# Render the example dispatch (shared/pdf/render-letter.ts)');
  console.log(`first render            ${ms(first.ms)}`);
  console.log(`warm p50 / p99 (n=${runs})  ${ms(percentile(times, 50))} / ${ms(percentile(times, 99))}`);
  console.log(`file size               ${(first.value.length / 1024).toFixed(1)} KiB (${first.value.length} bytes)`);
}
