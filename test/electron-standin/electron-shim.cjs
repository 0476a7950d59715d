// What `require('electron')` gets under the stand-in (CommonJS dependencies).
const fake = globalThis.__electronStandIn;
if (!fake) throw new Error('electron stand-in: load main through load-main.ts');
module.exports = fake;
