// node:fs by require instead of an ES module import, which loads more at cold start: see README.md beside this file.
const id = 'node:fs';
module.exports = require(id);
