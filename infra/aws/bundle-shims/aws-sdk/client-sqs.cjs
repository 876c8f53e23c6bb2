// The runtime's @aws-sdk/client-sqs, loaded with require: see README.md beside this file.
const id = '@aws-sdk/client-sqs';
module.exports = require(id);
