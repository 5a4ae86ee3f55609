// Entry point of the end-to-end suite (cargo xtask test runs it).
import { runJourneys } from './harness.mjs';
import { journeys as foundation } from './foundation.mjs';
import { journeys as review } from './review.mjs';
import { journeys as folder } from './folder.mjs';
import { journeys as jsapi } from './jsapi.mjs';
import { journeys as secrets } from './secrets.mjs';
import { journeys as faults } from './faults.mjs';
import { journeys as folderFaults } from './folder_faults.mjs';
import { journeys as xss } from './xss.mjs';
import { journeys as a11y } from './a11y.mjs';

const failed = await runJourneys([...foundation, ...review, ...folder, ...jsapi, ...secrets, ...faults, ...folderFaults, ...xss, ...a11y]);
if (failed > 0) {
  console.log(`\n${failed} journey(s) failed`);
  process.exit(1);
}
console.log('\nall journeys passed');
