// The runtime's @aws-sdk/client-cognito-identity-provider, loaded with require: see README.md beside this file.
const id = '@aws-sdk/client-cognito-identity-provider';
module.exports = require(id);
