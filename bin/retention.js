#!/usr/bin/env node
// The command runs from one bundled file (package.json's build): with --debug, a stack trace
// for a bug report names the lines of src/ instead. Source maps apply only to code loaded after
// this, hence the dynamic import.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/bundle/main.js');
main(process.argv);
