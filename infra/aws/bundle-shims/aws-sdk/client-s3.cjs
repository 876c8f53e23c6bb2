// The runtime's @aws-sdk/client-s3, loaded with require: see README.md beside this file.
const id = '@aws-sdk/client-s3';
module.exports = require(id);
