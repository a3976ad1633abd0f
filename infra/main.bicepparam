// Sample parameters. azd fills AZURE_ENV_NAME, AZURE_LOCATION and AZURE_PRINCIPAL_ID; infra/deploy
// and plain `az deployment group create` read the same variables or use the defaults below.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'support')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param mailFromAddress = readEnvironmentVariable('SUPPORT_MAIL_FROM_ADDRESS', 'support@example.com')
param mailFromName = readEnvironmentVariable('SUPPORT_MAIL_FROM_NAME', 'Support')
param mailReplyDomain = readEnvironmentVariable('SUPPORT_MAIL_REPLY_DOMAIN', 'reply.example.com')
param mailMessageIdDomain = readEnvironmentVariable('SUPPORT_MAIL_MESSAGE_ID_DOMAIN', 'support.example.com')
param welcomeBookingUrl = readEnvironmentVariable('SUPPORT_WELCOME_BOOKING_URL', 'https://example.com/onboarding')
param keyVaultAdminPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param keyVaultAdminPrincipalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')
