#!/usr/bin/env node
// Entry point: runs the compiled CLI (npm run build produces dist/).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist')) {
    console.error('Herald is not built yet: run `npm run build` (npm start does it for you).');
    process.exit(1);
  }
  throw err;
});
