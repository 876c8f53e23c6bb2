// The runtime's @aws-sdk/s3-request-presigner, loaded with require: see README.md beside this file.
const id = '@aws-sdk/s3-request-presigner';
module.exports = require(id);
