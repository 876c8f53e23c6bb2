// The runtime's @aws-sdk/client-ssm, loaded with require: see README.md beside this file.
const id = '@aws-sdk/client-ssm';
module.exports = require(id);
