// Loaded with `node -r` into the bench's API and worker processes (never in production): counts the
// SQL statements the process sends through node-postgres (Prisma's adapter uses it), in the worker by
// activity type, and serves the counts as JSON on 127.0.0.1:$BENCH_STATEMENTS_PORT. PostgreSQL's own
// pg_stat_statements would need a server restart the bench cannot ask for.
'use strict';
const { createServer } = require('node:http');
const { isMainThread } = require('node:worker_threads');

const counts = { total: 0, byActivity: {} };
let activity = null;
try {
  activity = require('@temporalio/activity');
} catch {
  // Not a worker: no activities to name.
}
// The store itself: Context.current() throws (an Error with its stack) outside an activity, which is
// every statement the API sends, and the wrapper would then cost the API more than it measures.
function activityType() {
  return activity?.asyncLocalStorage.getStore()?.info.activityType ?? null;
}

const pg = require('pg');
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  counts.total++;
  const type = activityType();
  if (type) counts.byActivity[type] = (counts.byActivity[type] ?? 0) + 1;
  return query.apply(this, args);
};

// Workflow threads inherit the flag: only the main thread serves (they send no SQL).
const port = Number(process.env.BENCH_STATEMENTS_PORT);
if (port > 0 && isMainThread) {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(counts));
  });
  server.listen(port, '127.0.0.1');
  server.unref();
}
