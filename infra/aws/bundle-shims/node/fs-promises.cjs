// node:fs/promises by require, beside the node:fs alias (an alias also applies to a package's subpaths): see README.md.
const id = 'node:fs/promises';
module.exports = require(id);
