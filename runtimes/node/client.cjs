// For runners that start the node client as `node client.cjs <handler>` (the
// local executor): the client proper is the ES module index.mjs next to it.
'use strict';
import(require('node:url').pathToFileURL(require('node:path').join(__dirname, 'index.mjs')).href);
