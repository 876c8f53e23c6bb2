// The runtime's @aws-sdk/client-dynamodb, loaded with require: see README.md beside this file.
const id = '@aws-sdk/client-dynamodb';
module.exports = require(id);
