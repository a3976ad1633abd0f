// Sample parameters. azd fills AZURE_ENV_NAME and AZURE_LOCATION (the deploying principal comes from deployer()); infra/deploy
// and plain `az deployment group create` read the same variables or use the defaults below.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'support')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param mailFromAddress = readEnvironmentVariable('SUPPORT_MAIL_FROM_ADDRESS', 'support@example.com')
param mailFromName = readEnvironmentVariable('SUPPORT_MAIL_FROM_NAME', 'Support')
param mailReplyDomain = readEnvironmentVariable('SUPPORT_MAIL_REPLY_DOMAIN', 'reply.example.com')
param mailMessageIdDomain = readEnvironmentVariable('SUPPORT_MAIL_MESSAGE_ID_DOMAIN', 'support.example.com')
param mailTeamName = readEnvironmentVariable('SUPPORT_MAIL_TEAM_NAME', 'the support team')
param defaultPhoneRegion = readEnvironmentVariable('SUPPORT_DEFAULT_PHONE_REGION', 'GB')
param twilioAccountSid = readEnvironmentVariable('SUPPORT_TWILIO_ACCOUNT_SID', 'AC00000000000000000000000000000000')
param adminEmail = readEnvironmentVariable('SUPPORT_ADMIN_EMAIL', 'admin@example.com')
param authClientId = readEnvironmentVariable('SUPPORT_AUTH_CLIENT_ID', '00000000-0000-0000-0000-000000000000')
param gitHubOwner = readEnvironmentVariable('SUPPORT_GITHUB_OWNER', 'example')
param gitHubRepository = readEnvironmentVariable('SUPPORT_GITHUB_REPOSITORY', 'product')
param gitHubOtherRepositories = readEnvironmentVariable('SUPPORT_GITHUB_OTHER_REPOSITORIES', '')
param discourseBaseUrl = readEnvironmentVariable('SUPPORT_DISCOURSE_BASE_URL', 'https://forum.example.com/')
param discourseApiUsername = readEnvironmentVariable('SUPPORT_DISCOURSE_API_USERNAME', 'system')
param discourseCategoryId = int(readEnvironmentVariable('SUPPORT_DISCOURSE_CATEGORY_ID', '1'))
