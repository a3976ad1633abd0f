// Support.Functions: everything the pipeline runs on, in one resource group.
// Deploy with `azd up` (azure.yaml at the repo root) or `infra/deploy`; see infra/README.md.
targetScope = 'resourceGroup'

@description('Environment name (the azd environment); part of every resource name.')
@minLength(1)
@maxLength(20)
param environmentName string

@description('Region of every resource; it must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Sender address of outgoing mail (a domain verified in SendGrid).')
param mailFromAddress string

@description('Sender display name of outgoing mail.')
param mailFromName string = 'Support'

@description('Domain replies are addressed to (support+<reference>@<domain>); its MX points at SendGrid Inbound Parse.')
param mailReplyDomain string

@description('Right-hand side of the Message-IDs the app writes.')
param mailMessageIdDomain string

@description('Where new customers book an onboarding session (linked from the welcome mail).')
param welcomeBookingUrl string

@description('Most instances the Flex Consumption plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per Function App instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Object id of a user, group or service principal given Key Vault Secrets Officer so it can set the secrets (azd passes the signed-in user); empty grants nobody.')
param keyVaultAdminPrincipalId string = ''

@description('Kind of principal keyVaultAdminPrincipalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param keyVaultAdminPrincipalType string = 'User'

// The single source of truth for queue names, shared with the code.
var queueConfig = loadJsonContent('../functions/Support.Core/Queues/queues.json')
// The regional phone numbers, shared with the voice intake.
var voiceConfig = loadJsonContent('../functions/Support.Core/Voice/regions.json')

var env = toLower(environmentName)
var token = toLower(uniqueString(subscription().id, resourceGroup().id, env))
var tags = {
  'azd-env-name': environmentName
  application: 'support-functions'
}
var names = {
  identity: 'id-${env}-${token}'
  workspace: 'log-${env}-${token}'
  appInsights: 'appi-${env}-${token}'
  storage: 'st${token}'
  serviceBus: 'sb-${env}-${token}'
  keyVault: 'kv-${token}'
  plan: 'plan-${env}-${token}'
  functionApp: 'func-${env}-${token}'
  deploymentContainer: 'app-package'
}
// Key Vault secret names ("--" maps to ":" in .NET configuration, as the app setting names do with "__").
var secretNames = {
  twilioAuthToken: 'Twilio--AuthToken'
  sendGridApiKey: 'SendGrid--ApiKey'
}
var hostName = '${names.functionApp}.azurewebsites.net'
var baseUrl = 'https://${hostName}'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    appIdentityName: identity.name
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: names.storage
    deploymentContainerName: names.deploymentContainer
    appIdentityName: identity.name
    workspaceId: monitoring.outputs.workspaceId
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    location: location
    tags: tags
    name: names.serviceBus
    queueNames: queueConfig.queues
    duplicateDetectionQueues: queueConfig.duplicateDetection
    appIdentityName: identity.name
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    name: names.keyVault
    appIdentityName: identity.name
    keyVaultAdminPrincipalId: keyVaultAdminPrincipalId
    keyVaultAdminPrincipalType: keyVaultAdminPrincipalType
    workspaceId: monitoring.outputs.workspaceId
  }
}

// The settings the app reads. Identity-based connections only; the two secrets are Key Vault references.
var appSettings = {
  AZURE_CLIENT_ID: identity.properties.clientId
  AzureWebJobsStorage__accountName: storage.outputs.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  ServiceBusConnection__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identity.properties.clientId
  Storage__tableServiceUri: storage.outputs.tableEndpoint
  Storage__blobServiceUri: storage.outputs.blobEndpoint
  Storage__credential: 'managedidentity'
  Storage__clientId: identity.properties.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.properties.clientId}'
  Twilio__AuthToken: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.twilioAuthToken})'
  SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/${secretNames.sendGridApiKey})'
  PublicBaseUrl: baseUrl
  Mail__FromAddress: mailFromAddress
  Mail__FromName: mailFromName
  Mail__ReplyDomain: mailReplyDomain
  Mail__MessageIdDomain: mailMessageIdDomain
  Timers__SlaSweepSchedule: '0 * * * * *'
  Timers__PendingAutoCloseSchedule: '0 */15 * * * *'
  Timers__WelcomeMailSchedule: '0 */15 * * * *'
  Timers__RotationHandoffSchedule: '0 */5 * * * *'
  Timers__DailyDigestSchedule: '0 0 7 * * *'
  Timers__VoicemailSweepSchedule: '0 * * * * *'
  // Weekly retrain of the triage model (flat name: the Functions host resolves %TriageRetrainSchedule% as is).
  TriageRetrainSchedule: '0 0 3 * * 0'
  Welcome__BookingUrl: welcomeBookingUrl
  // The app sees the Functions front end as the client; the caller's address arrives in X-Forwarded-For.
  WebForm__TrustForwardedFor: 'true'
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    planName: names.plan
    name: names.functionApp
    identityId: identity.id
    keyVaultReferenceIdentityId: identity.id
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appSettings: appSettings
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    workspaceId: monitoring.outputs.workspaceId
  }
}

output AZURE_LOCATION string = location
output FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_HOST_NAME string = functionApp.outputs.defaultHostName
output PUBLIC_BASE_URL string = baseUrl
output KEY_VAULT_NAME string = keyVault.outputs.name
output KEY_VAULT_TWILIO_AUTH_TOKEN_NAME string = secretNames.twilioAuthToken
output KEY_VAULT_SENDGRID_API_KEY_NAME string = secretNames.sendGridApiKey
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output SERVICE_BUS_QUEUES string[] = serviceBus.outputs.queueNames
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.appInsightsName
output STAFF_API_BASE_URL string = '${baseUrl}/api'
@description('SendGrid Inbound Parse destination without its key: append ?code=<key of function InboundEmail> (see INBOUND_EMAIL_KEY_COMMAND).')
output SENDGRID_INBOUND_PARSE_URL string = '${baseUrl}/api/inquiries/email'
@description('Prints the function key to append as ?code= to SENDGRID_INBOUND_PARSE_URL (after the app code is deployed).')
output INBOUND_EMAIL_KEY_COMMAND string = 'az functionapp function keys list --resource-group ${resourceGroup().name} --name ${names.functionApp} --function-name InboundEmail --query default --output tsv'
@description('The voice webhook (HTTP POST) to set on each regional Twilio number.')
output TWILIO_VOICE_URLS object[] = flatten(map(voiceConfig.regions, region => map(region.numbers, number => {
  region: region.name
  number: number
  voiceUrl: '${baseUrl}/api/voice/incoming'
})))
