// node:http by require instead of an ES module import, which loads more at cold start: see README.md beside this file.
const id = 'node:http';
module.exports = require(id);
