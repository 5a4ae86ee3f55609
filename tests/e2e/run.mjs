// Entry point of the end-to-end suite (cargo xtask test runs it).
import { runJourneys } from './harness.mjs';
import { journeys as foundation } from './foundation.mjs';
import { journeys as review } from './review.mjs';

const failed = await runJourneys([...foundation, ...review]);
if (failed > 0) {
  console.log(`\n${failed} journey(s) failed`);
  process.exit(1);
}
console.log('\nall journeys passed');
