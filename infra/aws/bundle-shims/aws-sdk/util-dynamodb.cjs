// The runtime's @aws-sdk/util-dynamodb, loaded with require: see README.md beside this file.
const id = '@aws-sdk/util-dynamodb';
module.exports = require(id);
