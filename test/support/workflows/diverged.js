// A deliberately changed copy of the current workflow code, for replay tests: every workflow that
// workflows/index.ts exports (whatever its name) first waits on a timer its recorded histories never
// scheduled, so replaying any real history against this entry must diverge at the first command.
// Plain CommonJS because the set of exports is computed, which ES module syntax cannot express.
const { sleep } = require('@temporalio/workflow');
const current = require('../../../workflows');

const diverged = {};
for (const [name, fn] of Object.entries(current)) {
  if (typeof fn !== 'function') continue;
  diverged[name] = async (...args) => {
    await sleep(1);
    return fn(...args);
  };
}
module.exports = diverged;
