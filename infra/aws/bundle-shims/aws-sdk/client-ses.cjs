// The runtime's @aws-sdk/client-ses, loaded with require: see README.md beside this file.
const id = '@aws-sdk/client-ses';
module.exports = require(id);
