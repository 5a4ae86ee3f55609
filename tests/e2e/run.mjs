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
import { journeys as scan } from './scan.mjs';
import { journeys as alerts } from './alerts.mjs';

// E2E_ONLY=text runs only the journeys whose names contain it (by hand; CI runs them all).
const only = process.env.E2E_ONLY;
// The alerts journey comes last: it subscribes an admin while it runs (and unsubscribes at its
// end), so no other journey's snapshot sends a message.
const all = [...foundation, ...review, ...folder, ...jsapi, ...secrets, ...faults, ...folderFaults, ...xss, ...a11y, ...scan, ...alerts];
const chosen = only ? all.filter(([name]) => name.includes(only)) : all;
if (chosen.length === 0) throw new Error(`no journey name contains E2E_ONLY=${only}`);
const failed = await runJourneys(chosen);
if (failed > 0) {
  console.log(`\n${failed} journey(s) failed`);
  process.exit(1);
}
console.log('\nall journeys passed');
