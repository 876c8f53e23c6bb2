// The runtime's @aws-sdk/lib-dynamodb, loaded with require: see README.md beside this file.
const id = '@aws-sdk/lib-dynamodb';
module.exports = require(id);
