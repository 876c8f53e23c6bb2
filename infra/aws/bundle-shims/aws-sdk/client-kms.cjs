// The runtime's @aws-sdk/client-kms, loaded with require: see README.md beside this file.
const id = '@aws-sdk/client-kms';
module.exports = require(id);
